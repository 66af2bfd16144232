package dev.rollout.cli;

import dev.rollout.engine.Event;
import dev.rollout.engine.HostState;
import dev.rollout.engine.RunListener;
import dev.rollout.engine.RunState;
import dev.rollout.source.Visible;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * On a terminal: the state changes scroll above a status block ({@link StatusBlock}) that is
 * redrawn in place, every second and on every change, at the terminal's width, and again at once
 * when the terminal is resized. No line it draws wraps: event lines are folded and the block's
 * lines cut to the width less one column.
 *
 * <p>Between frames the cursor rests at the start of the block's first line, so erasing the block
 * is "clear to the end of the screen" and needs no count of the rows it takes. That count is what
 * a resize makes unknowable: a terminal that reflows (tmux, VTE, kitty) splits a block drawn at
 * 160 columns into four times the rows at 40, and the view learns the new width only after the
 * SIGWINCH and a {@code stty}, while events go on arriving; frames already on their way were made
 * for the old width. The reflowing terminal keeps the cursor at the same character, so the clear
 * still starts at the block's top; one that does not reflow (xterm) cuts the lines and keeps the
 * cursor's row. The block's lines are written with autowrap off, so each takes exactly one row
 * even when the terminal is narrower than the width they were cut to, and the cursor goes back up
 * as many rows as the block has lines. When the run ends (or the view is closed) the block is
 * erased for good: the run's last event line and its summary follow, never a stale block.
 *
 * <p>The block is drawn from a snapshot taken when an event arrives, never by calling into the
 * run's state from the ticker: the run's state calls this view while holding its own lock, so the
 * ticker taking both locks in the other order would deadlock the run.
 */
final class LiveView implements RunListener, AutoCloseable {

  /** Event lines continue under their text, past the {@code HH:MM:SS } time. */
  private static final int FOLD_INDENT = 9;
  /** DECAWM off and on again: a character past the last column overwrites it. */
  static final String NO_WRAP = "\u001b[?7l";
  static final String WRAP = "\u001b[?7h";
  private static volatile LiveView current;

  private final PrintWriter out;
  private final Colors c;
  private final Clock clock;
  private final Supplier<TerminalSize> sizes;
  private final Thread ticker;
  private final Runnable unhook;
  private TerminalSize size;
  private String stage;
  private int failures;
  private Map<String, HostState> hosts;
  private String soakStage;
  private Instant soakUntil;
  private String connecting = "";
  /** Whether a block is on screen, the cursor at its first line's start. */
  private boolean drawn;
  /** What goes to the terminal next, in one write: a frame is never seen half drawn. */
  private final StringBuilder frame = new StringBuilder();
  private boolean ended;
  private final GoOn next;

  /** On the process's own terminal: its size from {@code stty}, again on every SIGWINCH. */
  LiveView(PrintWriter out, Colors c, Clock clock) {
    this(out, c, clock, GoOn.NONE);
  }

  /** The same, completing the commands that lines such as "interrupted" name with {@code next}. */
  LiveView(PrintWriter out, Colors c, Clock clock, GoOn next) {
    this(out, c, clock, TerminalSize::query, true, next);
  }

  /**
   * @param sizes asked once now and again on each {@link #resized}
   * @param onSigwinch whether a SIGWINCH calls {@link #resized}
   */
  LiveView(PrintWriter out, Colors c, Clock clock, Supplier<TerminalSize> sizes,
      boolean onSigwinch) {
    this(out, c, clock, sizes, onSigwinch, GoOn.NONE);
  }

  private LiveView(PrintWriter out, Colors c, Clock clock, Supplier<TerminalSize> sizes,
      boolean onSigwinch, GoOn next) {
    this.next = next;
    this.out = out;
    this.c = c;
    this.clock = clock;
    this.sizes = sizes;
    this.size = sizes.get();
    this.unhook = onSigwinch ? TerminalSize.onResize(this::resized) : () -> {};
    this.ticker = new Thread(this::tick, "rollout-live-view");
    ticker.setDaemon(true);
    ticker.start();
    synchronized (LiveView.class) {
      current = this;
    }
  }

  /**
   * Prints {@code line} above the status block of the live view on screen, if there is one.
   *
   * @return false when no live view is on screen (print it some other way)
   */
  static boolean printAbove(String line) {
    LiveView view = current;
    if (view == null) {
      return false;
    }
    synchronized (view) {
      view.erase();
      view.printFolded(line, 0);
      view.draw();
      view.send();
    }
    return true;
  }

  /** Whether progress goes to a live view: a terminal that moves its cursor, outside CI. */
  static boolean wanted(boolean json) {
    return !json && System.console() != null && !"dumb".equals(System.getenv("TERM"))
        && !inCi(System.getenv("CI"));
  }

  /** {@code CI} set, as CI services set it, to anything but empty, 0 or false. */
  static boolean inCi(String ci) {
    return ci != null && !ci.isEmpty() && !ci.equals("0") && !ci.equalsIgnoreCase("false");
  }

  @Override
  public synchronized void onEvent(Event event, RunState state) {
    stage = state.stage();
    failures = state.failures();
    hosts = state.hosts();
    if (event instanceof Event.SoakStarted s) {
      soakStage = s.stage();
      soakUntil = s.until();
    } else if (event instanceof Event.SoakPassed) {
      soakUntil = null;
    }
    erase();
    if (!(event instanceof Event.StepStarted)) { // probe results: RunState tells no listener
      printFolded(event.at().toString().substring(11, 19) + " " + next.complete(
          Visible.line(event.describe())), 8);
    }
    if (event instanceof Event.RunEnded || event instanceof Event.RunInterrupted) {
      ended = true;
    }
    draw();
    send();
  }

  @Override
  public synchronized void onConnecting(int targets, int answered) {
    connecting = answered == targets ? "" : ", connecting to " + targets + " host(s) ("
        + answered + " answered)";
    erase();
    draw();
    send();
  }

  /** The terminal changed size: asks its size again and redraws the block at once. */
  void resized() {
    TerminalSize now = sizes.get();
    synchronized (this) {
      size = now; // the block is laid out again at the new width
      erase();
      draw();
      send();
    }
  }

  /** The terminal's width, as last asked. */
  synchronized int columns() {
    return size.columns();
  }

  /** The run is over: erases the block for good, before its summary is printed. */
  synchronized void end() {
    erase();
    ended = true;
    send();
  }

  private void tick() {
    while (!Thread.currentThread().isInterrupted()) {
      try {
        Thread.sleep(1000);
      } catch (InterruptedException e) {
        return;
      }
      synchronized (this) {
        erase();
        draw();
        send();
      }
    }
  }

  /** Clears from the block's first line (where the cursor rests) to the end of the screen. */
  private void erase() {
    if (drawn) {
      frame.append("\r\u001b[J");
    }
    drawn = false;
  }

  /**
   * Draws the block below the cursor with autowrap off (so each line takes one row, whatever the
   * terminal's width is by the time it reads this), then puts the cursor back at its first line.
   */
  private void draw() {
    if (hosts != null && !ended) {
      List<String> lines = block().lines(size, c);
      frame.append(NO_WRAP).append(String.join("\n", lines)).append('\r');
      if (lines.size() > 1) {
        frame.append("\u001b[").append(lines.size() - 1).append('A');
      }
      frame.append(WRAP);
      drawn = true;
    }
  }

  private void send() {
    out.print(frame);
    out.flush();
    frame.setLength(0);
  }

  private StatusBlock block() {
    Duration left = soakUntil != null && soakStage.equals(stage)
        ? Duration.between(clock.instant(), soakUntil) : null;
    String extra = "preflight".equals(stage) ? connecting : "";
    return new StatusBlock(stage, extra, !"watch".equals(stage), left, failures, hosts);
  }

  /** {@code line} folded to the width, the {@code dim} first characters dimmed (the time). */
  private void printFolded(String line, int dim) {
    List<String> lines = DisplayWidth.fold(line, size.columns() - 1, FOLD_INDENT);
    for (int i = 0; i < lines.size(); i++) {
      String l = lines.get(i);
      frame.append(i == 0 && dim > 0 && l.length() >= dim
          ? c.dim(l.substring(0, dim)) + l.substring(dim) : l).append('\n');
    }
  }

  @Override
  public void close() {
    synchronized (LiveView.class) {
      if (current == this) {
        current = null;
      }
    }
    unhook.run();
    ticker.interrupt();
    try {
      ticker.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    end();
  }
}
