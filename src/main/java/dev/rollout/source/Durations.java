package dev.rollout.source;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as operators write them: {@code 90s}, {@code 30m}, {@code 72h}, {@code 2d}, {@code 0},
 * and the compound forms {@link #format} prints, such as {@code 1h30m}, so that a value copied from
 * a preview reads back.
 */
public final class Durations {

  private static final Pattern PART = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");
  private static final Pattern FORM = Pattern.compile("(?:\\d{1,9}(?:ms|s|m|h|d)){1,5}");

  /**
   * The longest duration a plan may give: every soak, watch, timeout and interval is at most this,
   * so that the engine's arithmetic (deadlines, nanosecond waits, sums over waves) never
   * overflows. Far more than any real soak.
   */
  public static final Duration MAX = Duration.ofDays(1000);

  private Durations() {}

  /** Parses a duration; empty when the text is not one. {@code 0} alone means no time. */
  public static Optional<Duration> parse(String text) {
    String t = text.trim();
    if (t.equals("0")) {
      return Optional.of(Duration.ZERO);
    }
    if (!FORM.matcher(t).matches()) {
      return Optional.empty();
    }
    Duration sum = Duration.ZERO;
    Matcher m = PART.matcher(t);
    while (m.find()) {
      long n = Long.parseLong(m.group(1));
      sum = sum.plus(
          switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
          });
    }
    return Optional.of(sum);
  }

  /** The shortest exact form: {@code 3d}, {@code 6d1h}, {@code 1h30m}, {@code 45s}, {@code 0s}. */
  public static String format(Duration d) {
    if (d.isZero()) {
      return "0s";
    }
    StringBuilder b = new StringBuilder();
    append(b, d.toDays(), "d");
    append(b, d.toHoursPart(), "h");
    append(b, d.toMinutesPart(), "m");
    append(b, d.toSecondsPart(), "s");
    append(b, d.toMillisPart(), "ms");
    return b.toString();
  }

  private static void append(StringBuilder b, long n, String unit) {
    if (n > 0) {
      b.append(n).append(unit);
    }
  }
}
