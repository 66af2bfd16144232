/**
 * The run report: a run's journal turned into a postmortem-style document (the plan, the targets,
 * a UTC timeline of what mattered, per host what ran, the failing output, probe health over time),
 * as Markdown, as one self-contained HTML file with a chart of health over time, or as JSON.
 */
package dev.rollout.report;
