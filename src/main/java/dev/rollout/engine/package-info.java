/**
 * The rollout state machine: host states and run phases with their legal transitions, the events a
 * run records, and the run itself (preflight, canary, soak, waves, watch, rollback). Knows the
 * interfaces of {@code transport}, {@code probe} and the journal, never sshj or JSON.
 */
package dev.rollout.engine;
