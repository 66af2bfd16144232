package dev.rollout.source;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as operators write them: {@code 90s}, {@code 30m}, {@code 72h}, {@code 2d}, {@code 0}. */
public final class Durations {

  private static final Pattern FORM = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");

  private Durations() {}

  /** Parses a duration; empty when the text is not one. {@code 0} alone means no time. */
  public static Optional<Duration> parse(String text) {
    String t = text.trim();
    if (t.equals("0")) {
      return Optional.of(Duration.ZERO);
    }
    Matcher m = FORM.matcher(t);
    if (!m.matches()) {
      return Optional.empty();
    }
    long n = Long.parseLong(m.group(1));
    return Optional.of(
        switch (m.group(2)) {
          case "ms" -> Duration.ofMillis(n);
          case "s" -> Duration.ofSeconds(n);
          case "m" -> Duration.ofMinutes(n);
          case "h" -> Duration.ofHours(n);
          default -> Duration.ofDays(n);
        });
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
