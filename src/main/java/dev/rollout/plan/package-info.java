/**
 * The plan: what to change (steps), how to roll it out (strategy), how to judge health (probes) and
 * whom to tell (notify). Loading with positions, validation against an inventory, variable
 * substitution with shell quoting, the choice of canaries and waves, the dry-run preview and the
 * plan hash.
 */
package dev.rollout.plan;
