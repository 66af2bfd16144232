package dev.rollout.transport;

import java.time.Duration;

/**
 * The outcome of one remote command that ran to an end (or was ended by its timeout).
 *
 * @param exitCode the command's exit status; -1 when it was ended by the timeout
 * @param stdout standard output, cut to {@link #MAX_OUTPUT} characters (the tail is kept)
 * @param stderr standard error, cut the same way
 * @param duration wall time from start to end
 * @param timedOut true when the command was ended because it ran past its timeout
 */
public record CommandResult(
    int exitCode, String stdout, String stderr, Duration duration, boolean timedOut) {

  /** Output kept per stream for reports: the last 16 KiB characters. */
  public static final int MAX_OUTPUT = 16 * 1024;

  public boolean succeeded() {
    return exitCode == 0 && !timedOut;
  }
}
