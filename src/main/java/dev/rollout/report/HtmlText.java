package dev.rollout.report;

import dev.rollout.source.Visible;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Text for the HTML report: everything from the journal is hostile (host names, outputs,
 * reasons), so every value goes through {@link #esc}, in element text and in quoted attributes
 * alike; control characters are made visible first.
 */
final class HtmlText {

  private static final DateTimeFormatter CLOCK =
      DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

  private HtmlText() {}

  /** {@code s} escaped for HTML text and for an attribute in double or single quotes. */
  static String esc(String s) {
    if (s == null) {
      return "";
    }
    String v = Visible.text(s);
    StringBuilder b = new StringBuilder(v.length() + 16);
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  /** A UTC time to the second; empty for null. */
  static String time(Instant t) {
    return dev.rollout.source.Timestamps.report(t);
  }

  /** A UTC time of day to the second. */
  static String clock(Instant t) {
    return t == null ? "" : CLOCK.format(t);
  }

  /** An instant for a data attribute: ISO-8601, to the millisecond. */
  static String iso(Instant t) {
    return t == null ? "" : t.truncatedTo(java.time.temporal.ChronoUnit.MILLIS).toString();
  }

  /** A duration in words a person reads at a glance: {@code 3d 4h}, {@code 2m 5s}, {@code 450 ms}. */
  static String took(Duration d) {
    if (d.toSeconds() < 1) {
      return d.toMillis() + " ms";
    }
    long s = d.toSeconds();
    long days = s / 86400;
    long h = s % 86400 / 3600;
    long m = s % 3600 / 60;
    long sec = s % 60;
    if (days > 0) {
      return days + "d " + h + "h";
    }
    if (h > 0) {
      return h + "h " + m + "m";
    }
    return m > 0 ? m + "m " + sec + "s" : sec + "s";
  }

  /** A number as the report writes values: up to 4 significant digits, no exponent. */
  static String number(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return new java.math.BigDecimal(v).round(new java.math.MathContext(4)).stripTrailingZeros()
        .toPlainString();
  }
}
