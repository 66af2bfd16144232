package dev.rollout.journal;

import dev.rollout.engine.Event;
import dev.rollout.engine.JournalVerifier;
import dev.rollout.engine.JournalVerifier.Finding;
import java.nio.charset.CharacterCodingException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * A journal as read back and verified, line by line: each line is UTF-8 JSON of one event,
 * carries the hash of the line before it ({@link EventCodec}), and keeps to the run's rules
 * ({@link JournalVerifier}). What breaks any of these is a problem naming its line; the events
 * are those that passed, for a forced resume or abort.
 *
 * @param where the file or database the journal is in, for messages
 * @param unit what a position counts: "line" in a file, "event" in a database
 * @param events the events that passed, in journal order
 * @param problems every line that is damaged, out of the chain, or breaks a rule, in order
 * @param tornTail whether a half-written last line (a crash mid-write) was left out
 * @param unchained how many lines at the start carry no hash: written before the chain existed
 * @param lastHash the hash the next line must carry
 * @param lastPosition the position of the last whole line, damaged or not; 0 when there is none
 */
public record JournalContents(String where, String unit, List<Event> events,
    List<Finding> problems, boolean tornTail, int unchained, String lastHash,
    long lastPosition) {

  /** One stored line: where it is, and its bytes without the line end. */
  record Line(long position, byte[] bytes) {}

  /**
   * What one line says on its own: its event and link (null when damaged, then {@code damage}
   * says how), and its own hash. Lines are read into these in parallel: decoding and hashing
   * are most of a long journal's replay, and neither depends on the line before.
   */
  private record Read(EventCodec.Decoded decoded, String damage, String hash) {
    static Read of(Line line) {
      String hash = EventCodec.hash(line.bytes());
      try {
        return new Read(EventCodec.decodeLine(line.bytes()), null, hash);
      } catch (IllegalArgumentException e) {
        return new Read(null, "damaged: not a journal event", hash);
      } catch (CharacterCodingException e) {
        return new Read(null, "damaged: not a journal event (not UTF-8)", hash);
      }
    }
  }

  /** Below this many lines, reading them on one thread is quicker than sharing them out. */
  private static final int PARALLEL_FROM = 2_000;

  /** The events when nothing is wrong with the journal; else the problems, as an exception. */
  public List<Event> verified() throws JournalCorrupt {
    if (!problems.isEmpty()) {
      throw new JournalCorrupt(this);
    }
    return events;
  }

  /** A problem as the operator reads it: {@code line 7: host-1 cannot move ...}. */
  public String describe(Finding f) {
    return unit + " " + f.line() + ": " + f.what();
  }

  /**
   * Reads {@code lines} in order. An unreadable last line is left out as torn when {@code
   * lastMayBeTorn} (a file whose last write did not end its line); anywhere else it is a problem.
   */
  static JournalContents read(String where, String unit, List<Line> lines,
      boolean lastMayBeTorn) {
    Chain chain = new Chain(unit);
    boolean torn = false;
    IntStream indexes = IntStream.range(0, lines.size());
    Read[] reads = (lines.size() >= PARALLEL_FROM ? indexes.parallel() : indexes)
        .mapToObj(i -> Read.of(lines.get(i))).toArray(Read[]::new);
    for (int i = 0; i < lines.size(); i++) {
      boolean last = i == lines.size() - 1;
      if (!chain.take(lines.get(i).position(), reads[i]) && last && lastMayBeTorn) {
        chain.problems.remove(chain.problems.size() - 1);
        torn = true;
        break;
      }
    }
    JournalVerifier.Verdict v = JournalVerifier.verify(chain.events, chain.positions);
    List<Finding> problems = new ArrayList<>(chain.problems);
    problems.addAll(v.findings());
    problems.sort(Comparator.comparingLong(Finding::line));
    return new JournalContents(where, unit, v.accepted(), List.copyOf(problems), torn,
        chain.unchained, torn ? chain.hashBeforeLast : chain.prev,
        torn ? chain.positionBeforeLast : chain.prevPosition);
  }

  /** Lines taken one by one: decoded, and each link checked against the line before. */
  private static final class Chain {
    final String unit;
    final List<Event> events = new ArrayList<>();
    final List<Long> positions = new ArrayList<>();
    final List<Finding> problems = new ArrayList<>();
    String prev = EventCodec.FIRST_PREV;
    long prevPosition;
    String hashBeforeLast;
    long positionBeforeLast;
    /** False right after a damaged line: the next link proves nothing more about it. */
    boolean judged = true;
    /** Whether a line so far carried a link: from then on every line must. */
    boolean chained;
    int unchained;

    Chain(String unit) {
      this.unit = unit;
    }

    /** Takes the line at {@code position}; false when it is damaged (and then a problem). */
    boolean take(long position, Read read) {
      hashBeforeLast = prev;
      positionBeforeLast = prevPosition;
      EventCodec.Decoded d = read.decoded();
      if (d == null) {
        problems.add(new Finding(position, read.damage()));
      } else {
        link(position, d.prev());
        events.add(d.event());
        positions.add(position);
      }
      judged = d != null;
      prev = read.hash();
      prevPosition = position;
      return d != null;
    }

    private void link(long position, String link) {
      if (link == null && !chained) {
        unchained++;
      } else if (link == null) {
        problems.add(new Finding(position, "carries no hash of the " + unit + " before it, "
            + "though the " + unit + "s before it do (added by hand?)"));
      } else {
        chained = true;
        if (judged && !link.equals(prev)) {
          problems.add(new Finding(position, prevPosition == 0 ? "is not the first " + unit
              + " of the journal: its hash link says " + unit + "s before it are missing"
              : "does not follow " + unit + " " + prevPosition + ": that " + unit + " was "
                  + "changed, or " + unit + "s were removed or moved between them"));
        }
      }
    }
  }
}
