package dev.rollout.source;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The ways a moment is written: to the second in text for people ({@code 2026-12-02T02:18:47Z},
 * and in reports {@code 2026-12-02 02:18:47 UTC}), to the millisecond in JSON ({@code
 * 2026-12-02T02:18:47.429Z}, always three digits), all in UTC. Nothing prints a clock's
 * nanoseconds.
 */
public final class Timestamps {

  private static final DateTimeFormatter TEXT =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter JSON =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter REPORT =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

  private Timestamps() {}

  /** To the second, for text; empty for null. */
  public static String text(Instant at) {
    return at == null ? "" : TEXT.format(at);
  }

  /** To the second, for a report people read ({@code 2026-12-02 02:18:47 UTC}); empty for null. */
  public static String report(Instant at) {
    return at == null ? "" : REPORT.format(at);
  }

  /** To the millisecond, for JSON; null for null. */
  public static String json(Instant at) {
    return at == null ? null : JSON.format(at);
  }
}
