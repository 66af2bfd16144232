package dev.rollout.journal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.deser.DurationDeserializer;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.function.Function;

/**
 * Reads the instants and durations of a journal line in the one form {@link EventCodec} writes
 * them ({@code 2026-11-01T00:00:00.200000Z}, {@code PT0.2S}) without the general parsers: a long
 * run's journal has one instant per line and one duration per step, and the general parsers were
 * a sixth of a 140,000-line replay. Any other form, and any value out of range, goes to Jackson's
 * own deserializer, so what is accepted and what is refused (with its message) does not change.
 */
final class JournalTimes {

  private JournalTimes() {
  }

  /** The module: registered after {@code JavaTimeModule}, so that it is asked first. */
  static SimpleModule module() {
    return new SimpleModule("rollout-journal-times")
        .addDeserializer(Instant.class, new Fast<>(JournalTimes::instant,
            InstantDeserializer.INSTANT))
        .addDeserializer(Duration.class, new Fast<>(JournalTimes::duration,
            DurationDeserializer.INSTANCE));
  }

  /** {@code uuuu-MM-ddTHH:mm:ss[.f{1,9}]Z}, or null for any other text. */
  static Instant instant(String s) {
    int n = s.length();
    if (n < 20 || n > 30 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T'
        || s.charAt(13) != ':' || s.charAt(16) != ':' || s.charAt(n - 1) != 'Z') {
      return null;
    }
    int year = digits(s, 0, 4);
    int month = digits(s, 5, 7);
    int day = digits(s, 8, 10);
    int hour = digits(s, 11, 13);
    int minute = digits(s, 14, 16);
    int second = digits(s, 17, 19);
    int nanos = 0;
    if (n > 20) {
      if (s.charAt(19) != '.' || n == 21) {
        return null;
      }
      nanos = digits(s, 20, n - 1);
      for (int i = n - 1; i < 29; i++) {
        nanos *= 10;
      }
    } else if (s.charAt(19) != 'Z') {
      return null;
    }
    if ((year | month | day | hour | minute | second | nanos) < 0 || hour > 23 || minute > 59
        || second > 59) {
      return null;
    }
    try {
      long days = LocalDate.of(year, month, day).toEpochDay();
      return Instant.ofEpochSecond(days * 86_400 + hour * 3_600 + minute * 60 + second, nanos);
    } catch (DateTimeException e) {
      return null; // February 30th and the like: the general parser says why
    }
  }

  /** {@code PT<seconds>[.f{1,9}]S}, or null for any other text. */
  static Duration duration(String s) {
    int n = s.length();
    if (n < 4 || n > 32 || !s.startsWith("PT") || s.charAt(n - 1) != 'S') {
      return null;
    }
    int dot = s.indexOf('.');
    int wholeEnd = dot < 0 ? n - 1 : dot;
    if (wholeEnd == 2 || wholeEnd - 2 > 12 || dot == n - 2 || (dot >= 0 && n - 1 - dot - 1 > 9)) {
      return null;
    }
    long seconds = 0;
    for (int i = 2; i < wholeEnd; i++) {
      int d = s.charAt(i) - '0';
      if (d < 0 || d > 9) {
        return null;
      }
      seconds = seconds * 10 + d;
    }
    int nanos = 0;
    if (dot >= 0) {
      nanos = digits(s, dot + 1, n - 1);
      if (nanos < 0) {
        return null;
      }
      for (int i = n - 1 - dot - 1; i < 9; i++) {
        nanos *= 10;
      }
    }
    return Duration.ofSeconds(seconds, nanos);
  }

  /** The decimal number in {@code s[from, to)}; -1 when a character there is not a digit. */
  private static int digits(String s, int from, int to) {
    int v = 0;
    for (int i = from; i < to; i++) {
      int d = s.charAt(i) - '0';
      if (d < 0 || d > 9) {
        return -1;
      }
      v = v * 10 + d;
    }
    return v;
  }

  /** Reads a string with {@code fast}; what it does not read, {@code general} does. */
  private static final class Fast<T> extends JsonDeserializer<T> {
    private final Function<String, T> fast;
    private final JsonDeserializer<T> general;

    Fast(Function<String, T> fast, JsonDeserializer<T> general) {
      this.fast = fast;
      this.general = general;
    }

    @Override
    public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      T read = p.hasToken(JsonToken.VALUE_STRING) ? fast.apply(p.getText()) : null;
      return read != null ? read : general.deserialize(p, ctxt);
    }
  }
}
