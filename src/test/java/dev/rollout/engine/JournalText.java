package dev.rollout.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollout.source.Durations;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.StringJoiner;

/**
 * A journal as text, for tests that assert a whole run: one line per event, every field of it, so
 * that an expected journal reads as a text block and a change to the engine shows as a diff.
 *
 * <p>A line is {@code TIME Type host field=value ...}: the time is the offset from the journal's
 * first event ({@code 0s}, {@code 1m30s}, {@code 10ms}), exact on virtual time; then the event's
 * type; then its host, bare, when it has one; then every other field in the record's order.
 * Instants in fields are offsets too, durations are written as plans write them, enums by name,
 * lists as {@code [a, b]}; a text with a space is in single quotes, written as it is. Left out,
 * so that lines stay short: a text or list that is empty, a null, and a boolean that is false (a
 * true one shows as its name alone, {@code passed}).
 *
 * <p>Hosts changed or probed at once (preflight, a wave with {@code maxParallel} above one, a
 * rollback of several hosts) journal in an order the thread scheduler picks. So within each run
 * of consecutive events that name a host, events of the same instant are shown host by host in
 * name order, each host's own events in their journal order; a run-level event (a stage, a soak,
 * a rollback's start or end) is never moved, and neither is anything across a change of time.
 *
 * <p>Runs of equal probe results ({@link Event.ProbeResultChanged}) are left out ({@link
 * #decisive}).
 *
 * <p>To update expected journals after a deliberate change to the engine, run the tests with
 * {@code -Djournal.actual=DIR}: {@link #assertJournal} then also writes each journal it sees to
 * {@code DIR/Class.method.txt}, to be read, judged and pasted into the text block.
 */
final class JournalText {

  private JournalText() {}

  /** Asserts that {@code events} render as {@code expected}; see {@code journal.actual} above. */
  static void assertJournal(List<Event> events, String expected) {
    String actual = of(events);
    String dir = System.getProperty("journal.actual");
    if (dir != null) {
      StackWalker.StackFrame test = StackWalker.getInstance(
          StackWalker.Option.RETAIN_CLASS_REFERENCE).walk(frames -> frames
              .filter(f -> f.getDeclaringClass() != JournalText.class
                  && f.getMethodName().matches("[a-z]\\w*") && !f.getMethodName()
                  .startsWith("assert")).findFirst().orElseThrow());
      String name = test.getDeclaringClass().getSimpleName() + "." + test.getMethodName();
      try {
        Files.createDirectories(Path.of(dir));
        Files.writeString(Path.of(dir, name + ".txt"), actual);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    assertThat(actual).isEqualTo(expected);
  }

  /** The journal, one line per event, each line ending in a newline. */
  static String of(List<Event> events) {
    if (events.isEmpty()) {
      return "";
    }
    Instant start = events.get(0).at();
    StringBuilder b = new StringBuilder();
    for (Event e : canonical(decisive(events))) {
      b.append(line(e, start)).append('\n');
    }
    return b.toString();
  }

  /**
   * The events without {@link Event.ProbeResultChanged}: the runs of equal probe results are
   * drawn by the report and read by no decision, and their order between hosts is the thread
   * scheduler's. ResultChangeTest and the report's tests check them.
   */
  static List<Event> decisive(List<Event> events) {
    return events.stream().filter(e -> !(e instanceof Event.ProbeResultChanged)).toList();
  }

  /** The journal from its event {@code from} on, times still counted from its first event. */
  static String from(List<Event> events, int from) {
    String all = of(events);
    long skip = decisive(events.subList(0, from)).size();
    return String.join("", all.lines().skip(skip).map(l -> l + "\n").toList());
  }

  /** One event's line, its times counted from {@code start}. */
  static String line(Event e, Instant start) {
    StringJoiner j = new StringJoiner(" ");
    j.add(String.format("%-8s", offset(start, e.at())));
    j.add(e.getClass().getSimpleName());
    String host = hostOf(e);
    if (host != null) {
      j.add(host);
    }
    for (RecordComponent c : e.getClass().getRecordComponents()) {
      if (c.getName().equals("at") || c.getName().equals("host")) {
        continue;
      }
      Object v = value(e, c);
      if (v == null || v.equals(Boolean.FALSE) || v.equals("")
          || v instanceof Collection<?> l && l.isEmpty()) {
        continue;
      }
      j.add(v.equals(Boolean.TRUE) ? c.getName() : c.getName() + "=" + text(v, start));
    }
    return j.toString().stripTrailing();
  }

  /** The host an event names, or null for a run-level event. */
  static String hostOf(Event e) {
    for (RecordComponent c : e.getClass().getRecordComponents()) {
      if (c.getName().equals("host")) {
        return (String) value(e, c);
      }
    }
    return null;
  }

  private static List<Event> canonical(List<Event> events) {
    List<Event> out = new ArrayList<>();
    int i = 0;
    while (i < events.size()) {
      int j = i;
      while (j < events.size() && hostOf(events.get(j)) != null
          && events.get(j).at().equals(events.get(i).at())) {
        j++;
      }
      if (j == i) {
        out.add(events.get(i++));
        continue;
      }
      List<Event> same = new ArrayList<>(events.subList(i, j));
      same.sort(Comparator.comparing(JournalText::hostOf)); // stable: a host's order is kept
      out.addAll(same);
      i = j;
    }
    return out;
  }

  private static Object value(Event e, RecordComponent c) {
    try {
      return c.getAccessor().invoke(e);
    } catch (ReflectiveOperationException x) {
      throw new IllegalStateException(x);
    }
  }

  private static String text(Object v, Instant start) {
    if (v instanceof Instant t) {
      return "+" + offset(start, t);
    } else if (v instanceof Duration d) {
      return duration(d);
    } else if (v instanceof Enum<?> en) {
      return en.name();
    } else if (v instanceof Collection<?> l) {
      return l.toString();
    }
    String s = v.toString();
    return s.isEmpty() || s.chars().anyMatch(Character::isWhitespace) ? "'" + s + "'" : s;
  }

  private static String offset(Instant start, Instant at) {
    Duration d = Duration.between(start, at);
    return d.isNegative() ? "-" + duration(d.negated()) : duration(d);
  }

  /** As a plan writes it, exact: what is finer than a millisecond is added in ns. */
  static String duration(Duration d) {
    long subMilli = d.getNano() % 1_000_000;
    Duration millis = d.minusNanos(subMilli);
    if (subMilli == 0) {
      return Durations.format(millis);
    }
    return (millis.isZero() ? "" : Durations.format(millis)) + subMilli + "ns";
  }
}
