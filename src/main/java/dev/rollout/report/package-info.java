/**
 * The run report: a run's journal turned into a postmortem-style document (the plan, the targets,
 * a UTC timeline of what mattered, per host what ran, the failing output, probe health over time),
 * as Markdown or as JSON.
 */
package dev.rollout.report;
