package dev.rollout.probe;

import java.time.Duration;

/** The wording shared by the probes' one-line reasons: durations, last lines, cut text. */
final class Reasons {

  private static final int MAX_LINE = 200;

  private Reasons() {}

  /** {@code 5s}, {@code 250ms}, {@code 90s}: the way the plan writes durations. */
  static String duration(Duration d) {
    if (d.toMillis() < 1000 || d.toMillisPart() != 0) {
      return d.toMillis() + "ms";
    }
    long s = d.toSeconds();
    if (s % 3600 == 0) {
      return s / 3600 + "h";
    }
    return s % 60 == 0 ? s / 60 + "m" : s + "s";
  }

  /** The last non-blank line of {@code text}, cut to a readable length; empty when none. */
  static String lastLine(String text) {
    String[] lines = text.strip().split("\\R");
    String last = lines[lines.length - 1].strip();
    return last.length() <= MAX_LINE ? last : last.substring(0, MAX_LINE) + "...";
  }

  /** The last {@code max} characters of {@code text}. */
  static String tail(String text, int max) {
    return text.length() <= max ? text : text.substring(text.length() - max);
  }

  /**
   * The message of the innermost cause that has one, in words and never a class name (see {@link
   * dev.rollout.transport.Causes#message}).
   */
  static String rootMessage(Throwable t) {
    return dev.rollout.transport.Causes.message(t);
  }
}
