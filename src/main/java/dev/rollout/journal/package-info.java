/**
 * Where runs are kept: each run's journal (events as JSON Lines, each forced to disk before the
 * next action), the plan and inventory as they were when it started, and the host locks. The file
 * store lives under {@code .rollout/} beside the inventory.
 */
package dev.rollout.journal;
