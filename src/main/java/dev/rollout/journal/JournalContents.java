package dev.rollout.journal;

import dev.rollout.engine.Event;
import dev.rollout.engine.JournalVerifier;
import dev.rollout.engine.JournalVerifier.Finding;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

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
    List<Event> events = new ArrayList<>();
    List<Long> positions = new ArrayList<>();
    List<Finding> problems = new ArrayList<>();
    String prev = EventCodec.FIRST_PREV;
    boolean judged = true;
    long prevPosition = 0;
    int unchained = 0;
    boolean chained = false;
    boolean torn = false;
    for (int i = 0; i < lines.size(); i++) {
      Line line = lines.get(i);
      EventCodec.Decoded d;
      try {
        d = EventCodec.decodeLine(utf8(line.bytes()));
      } catch (IllegalArgumentException | CharacterCodingException e) {
        if (i == lines.size() - 1 && lastMayBeTorn) {
          torn = true;
          break;
        }
        problems.add(new Finding(line.position(), "damaged: not a journal event"
            + (e instanceof CharacterCodingException ? " (not UTF-8)" : "")));
        prev = EventCodec.hash(line.bytes());
        judged = false; // the next line's link proves nothing more: one problem per damage
        prevPosition = line.position();
        continue;
      }
      if (d.prev() == null && chained) {
        problems.add(new Finding(line.position(), "carries no hash of the " + unit + " before "
            + "it, though the " + unit + "s before it do (added by hand?)"));
      } else if (d.prev() == null) {
        unchained++;
      } else if (judged && !d.prev().equals(prev)) {
        chained = true;
        problems.add(new Finding(line.position(), prevPosition == 0 ? "is not the first "
            + unit + " of the journal: its hash link says " + unit + "s before it are missing"
            : "does not follow " + unit + " " + prevPosition + ": that " + unit + " was "
                + "changed, or " + unit + "s were removed or moved between them"));
      } else {
        chained = true;
      }
      events.add(d.event());
      positions.add(line.position());
      prev = EventCodec.hash(line.bytes());
      judged = true;
      prevPosition = line.position();
    }
    JournalVerifier.Verdict v = JournalVerifier.verify(events, positions);
    problems.addAll(v.findings());
    problems.sort(Comparator.comparingLong(Finding::line));
    return new JournalContents(where, unit, v.accepted(), List.copyOf(problems), torn, unchained,
        prev, prevPosition);
  }

  private static String utf8(byte[] bytes) throws CharacterCodingException {
    return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
  }
}
