package dev.rollout.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollout.engine.Event;
import dev.rollout.engine.FailureClass;
import dev.rollout.engine.HostState;
import dev.rollout.engine.MemoryJournal;
import dev.rollout.engine.Outcome;
import dev.rollout.engine.RunState;
import java.io.PrintWriter;
import java.io.Writer;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The live view against a model of a terminal that is resized while frames are on their way: the
 * terminal shrinks from 160 to 40 columns between any two of the view's frames, and the view hears
 * of it only some frames later, as a SIGWINCH and a {@code stty} take their time under load. Two
 * kinds of terminal: one that reflows its lines on a resize (tmux, VTE, kitty) and one that cuts
 * them (xterm). After the run ends, no row of either holds a stage line or a host cell. Found in
 * CI: on a busy machine tmux kept two blocks drawn at 160 columns after it was at 40, when the
 * erase counted rows at the width the view believed.
 *
 * <p>Each frame is one write (under 8 KiB, one {@code write(2)}), and a terminal parses what one
 * read gives it before it handles a resize (tmux and VTE do both on one event loop), so a resize
 * falls between frames. Not covered: a resize in the middle of a frame the terminal read in two
 * parts, where a reflow splits the block's half-drawn line and the cursor goes back up one row too
 * few.
 */
class LiveViewResizeTest {

  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-03T10:00:00Z"),
      ZoneOffset.UTC);
  private static final List<String> HOSTS = IntStream.rangeClosed(1, 12)
      .mapToObj("host-%02d"::formatted).toList();

  @ParameterizedTest(name = "the view hears of the resize {0} frame(s) late")
  @ValueSource(ints = {0, 1, 2, 4})
  void leavesNoBlockOnATerminalThatReflowsOrCutsWhenResizedAnywhereInItsOutput(int late) {
    Output run = run(late);
    int resizes = 0;
    for (boolean reflows : new boolean[] {true, false}) {
      for (int at : run.frameEnds()) {
        if (at < run.firstBlock() || at > run.learnedAt()) {
          continue;
        }
        Terminal t = new Terminal(160, 30);
        t.write(run.text().substring(0, at));
        t.resize(40, reflows);
        t.write(run.text().substring(at));
        List<String> rows = t.rows();
        assertThat(rows).as("%s terminal resized at character %d of %d", reflows ? "reflowing"
            : "cutting", at, run.text().length())
            .noneMatch(r -> r.contains("stage: ") || r.matches(".*host-\\d\\d (pending|chang).*"));
        resizes++;
      }
    }
    assertThat(resizes).isGreaterThanOrEqualTo(2 * (late + 1));
  }

  /** The view's whole output for a run of 12 hosts; it hears of the resize {@code late} frames
   * after its first block. */
  private static Output run(int late) {
    Frames frames = new Frames();
    AtomicReference<TerminalSize> size = new AtomicReference<>(new TerminalSize(160, 30));
    int learned;
    try (LiveView view = new LiveView(new PrintWriter(frames), Colors.OFF, CLOCK, size::get,
        false)) {
      RunState state = new RunState(new MemoryJournal(), List.of(view), CLOCK, HOSTS, 0);
      state.record(new Event.StageStarted(CLOCK.instant(), "wave 1", HOSTS));
      List<Event> events = new ArrayList<>();
      for (String h : HOSTS) {
        events.add(new Event.HostStateChanged(CLOCK.instant(), h, HostState.PENDING,
            HostState.CHANGING, ""));
      }
      events.add(new Event.HostFailed(CLOCK.instant(), "host-02", FailureClass.VERIFY_FAILED,
          "verify step \"check\" exited 1 after a long line of output that the view folds", 1));
      for (String h : HOSTS) {
        events.add(new Event.HostStateChanged(CLOCK.instant(), h, HostState.CHANGING,
            HostState.CHANGED, "verified; under probes until the run ends"));
      }
      int first = frames.count();
      learned = -1;
      for (int i = 0; i < events.size(); i++) {
        if (i == late) {
          size.set(new TerminalSize(40, 30));
          learned = frames.length();
          view.resized();
        }
        state.record(events.get(i));
      }
      assertThat(frames.count()).isGreaterThan(first);
      state.record(new Event.RunEnded(CLOCK.instant(), Outcome.COMPLETED, "completed"));
    }
    String text = frames.text();
    return new Output(text, frames.ends(), text.indexOf("stage: "), learned);
  }

  private record Output(String text, List<Integer> frameEnds, int firstBlock, int learnedAt) {}

  /** What the view wrote, and how many frames (flushes). */
  private static final class Frames extends Writer {
    private final StringBuilder text = new StringBuilder();
    private final List<Integer> ends = new ArrayList<>();
    private int count;

    @Override
    public synchronized void write(char[] b, int off, int len) {
      text.append(b, off, len);
    }

    @Override
    public synchronized void flush() {
      count++;
      ends.add(text.length());
    }

    @Override
    public void close() {}

    synchronized List<Integer> ends() {
      return List.copyOf(ends);
    }

    synchronized int count() {
      return count;
    }

    synchronized int length() {
      return text.length();
    }

    synchronized String text() {
      return text.toString();
    }
  }

  /**
   * Enough of a VT100 for the view: printable characters with autowrap (DECAWM, pending wrap at
   * the last column), CR, LF (as a pty's onlcr sends it, CR LF), cursor up (CUU, stopping at the
   * screen's top), erase below (ED 0), SGR ignored. A resize either reflows (wrapped rows are one
   * line, split again at the new width, the cursor kept at its character) or cuts every row.
   */
  static final class Terminal {
    private final List<StringBuilder> rows = new ArrayList<>(List.of(new StringBuilder()));
    /** Whether a row continues on the next one (written past the last column). */
    private final List<Boolean> wrapped = new ArrayList<>(List.of(false));
    private final int height;
    private int width;
    private int row;
    private int col;
    private boolean autowrap = true;
    private String escape;

    Terminal(int width, int height) {
      this.width = width;
      this.height = height;
    }

    void write(String s) {
      for (char ch : s.toCharArray()) {
        if (escape != null) {
          escape(ch);
        } else if (ch == '\u001b') {
          escape = "";
        } else if (ch == '\r') {
          col = 0;
        } else if (ch == '\n') {
          down();
          col = 0;
        } else {
          put(ch);
        }
      }
    }

    private void escape(char ch) {
      escape += ch;
      if (escape.equals("[") || !Character.isLetter(ch)) {
        return;
      }
      String e = escape;
      escape = null;
      String arg = e.substring(1, e.length() - 1);
      switch (e.charAt(e.length() - 1)) {
        case 'A' -> {
          row = Math.max(top(), row - (arg.isEmpty() ? 1 : Math.max(1, Integer.parseInt(arg))));
          col = Math.min(col, width - 1);
        }
        case 'J' -> {
          StringBuilder r = rows.get(row);
          r.setLength(Math.min(r.length(), col));
          wrapped.set(row, false);
          while (rows.size() > row + 1) {
            rows.remove(rows.size() - 1);
            wrapped.remove(wrapped.size() - 1);
          }
        }
        case 'l', 'h' -> {
          if (arg.equals("?7")) {
            autowrap = e.endsWith("h");
          }
        }
        default -> { } // SGR and the like: no effect on where text is
      }
    }

    private void put(char ch) {
      if (col >= width) {
        if (autowrap) {
          wrapped.set(row, true);
          down();
          col = 0;
        } else {
          col = width - 1;
        }
      }
      StringBuilder r = rows.get(row);
      while (r.length() < col) {
        r.append(' ');
      }
      if (col < r.length()) {
        r.setCharAt(col, ch);
      } else {
        r.append(ch);
      }
      col++;
    }

    private void down() {
      row++;
      if (row == rows.size()) {
        rows.add(new StringBuilder());
        wrapped.add(false);
      }
    }

    private int top() {
      return Math.max(0, rows.size() - height);
    }

    void resize(int newWidth, boolean reflow) {
      if (!reflow) {
        rows.forEach(r -> r.setLength(Math.min(r.length(), newWidth)));
        for (int i = 0; i < wrapped.size(); i++) {
          wrapped.set(i, false);
        }
        width = newWidth;
        col = Math.min(col, newWidth - 1);
        return;
      }
      List<StringBuilder> lines = new ArrayList<>();
      int cursorLine = 0;
      int cursorOffset = 0;
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < rows.size(); i++) {
        if (i == row) {
          cursorLine = lines.size();
          cursorOffset = line.length() + col;
        }
        StringBuilder r = rows.get(i);
        line.append(r);
        if (wrapped.get(i)) {
          while (line.length() % width != 0) {
            line.append(' ');
          }
        } else {
          lines.add(line);
          line = new StringBuilder();
        }
      }
      if (line.length() > 0 || lines.size() <= cursorLine) {
        lines.add(line);
      }
      rows.clear();
      wrapped.clear();
      width = newWidth;
      for (int l = 0; l < lines.size(); l++) {
        String text = lines.get(l).toString();
        int pieces = Math.max(1, (text.length() + newWidth - 1) / newWidth);
        for (int p = 0; p < pieces; p++) {
          if (l == cursorLine && cursorOffset >= p * newWidth
              && (cursorOffset < (p + 1) * newWidth || p == pieces - 1)) {
            row = rows.size();
            col = Math.min(cursorOffset - p * newWidth, newWidth - 1);
          }
          rows.add(new StringBuilder(text.substring(p * newWidth,
              Math.min(text.length(), (p + 1) * newWidth))));
          wrapped.add(p < pieces - 1);
        }
      }
    }

    List<String> rows() {
      return rows.stream().map(StringBuilder::toString).toList();
    }
  }
}
