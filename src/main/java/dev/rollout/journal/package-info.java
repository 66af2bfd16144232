/**
 * Where runs are kept: each run's journal (events as JSON Lines, each durable before the next
 * action), the plan and inventory as they were when it started, and the host locks. The file
 * store lives under {@code .rollout/} beside the inventory; the PostgreSQL store ({@code --state
 * postgresql://USER@HOST:PORT/DB}) keeps the same in tables shared by every controller.
 */
package dev.rollout.journal;
