package dev.rollout.cli;

import dev.rollout.engine.Event;
import dev.rollout.engine.HostState;
import dev.rollout.engine.RunListener;
import dev.rollout.engine.RunState;
import dev.rollout.source.Durations;
import dev.rollout.source.Visible;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * On a terminal: the state changes scroll above a status block (stage, soak time left, each
 * host's state) that is redrawn in place, every second and on every change.
 *
 * <p>The block is drawn from a snapshot taken when an event arrives, never by calling into the
 * run's state from the ticker: the run's state calls this view while holding its own lock, so the
 * ticker taking both locks in the other order would deadlock the run.
 */
final class LiveView implements RunListener, AutoCloseable {

  private static volatile LiveView current;

  private final PrintWriter out;
  private final Colors c;
  private final Clock clock;
  private final Thread ticker;
  private String stage;
  private int failures;
  private Map<String, HostState> hosts;
  private Instant soakUntil;
  private String connecting = "";
  private int blockLines;

  LiveView(PrintWriter out, Colors c, Clock clock) {
    this.out = out;
    this.c = c;
    this.clock = clock;
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
      view.clearBlock();
      view.out.println(line);
      if (view.hosts != null) {
        view.drawBlock();
      }
      view.out.flush();
    }
    return true;
  }

  @Override
  public synchronized void onEvent(Event event, RunState state) {
    stage = state.stage();
    failures = state.failures();
    hosts = state.hosts();
    if (event instanceof Event.SoakStarted s) {
      soakUntil = s.until();
    } else if (event instanceof Event.SoakPassed || event instanceof Event.StageStarted) {
      soakUntil = null;
    }
    clearBlock();
    if (!(event instanceof Event.StepStarted)) {
      out.println(c.dim(event.at().toString().substring(11, 19)) + " "
          + Visible.line(event.describe()));
    }
    drawBlock();
  }

  @Override
  public synchronized void onConnecting(int targets, int answered) {
    connecting = answered == targets ? "" : ", connecting to " + targets + " host(s) ("
        + answered + " answered)";
    if (hosts != null) {
      clearBlock();
      drawBlock();
    }
  }

  private void tick() {
    while (!Thread.currentThread().isInterrupted()) {
      try {
        Thread.sleep(1000);
      } catch (InterruptedException e) {
        return;
      }
      synchronized (this) {
        if (hosts != null) {
          clearBlock();
          drawBlock();
        }
      }
    }
  }

  private void clearBlock() {
    if (blockLines > 0) {
      out.print("\u001b[" + blockLines + "F\u001b[J");
    }
    blockLines = 0;
  }

  private void drawBlock() {
    String soak = soakUntil == null ? "" : ", soak left " + Durations.format(
        Duration.ofSeconds(Math.max(0, Duration.between(clock.instant(), soakUntil).toSeconds())));
    String connect = "preflight".equals(stage) ? connecting : "";
    out.println(c.bold("stage: " + stage) + connect + soak + ", failures " + failures);
    blockLines = 1;
    StringBuilder line = new StringBuilder();
    for (Map.Entry<String, HostState> e : hosts.entrySet()) {
      String item = Visible.line(e.getKey()) + " " + color(e.getValue());
      if (line.length() + e.getKey().length() + e.getValue().words().length() > 74) {
        out.println("  " + line);
        blockLines++;
        line.setLength(0);
      }
      line.append(line.length() == 0 ? "" : "  ").append(item);
    }
    if (line.length() > 0) {
      out.println("  " + line);
      blockLines++;
    }
    out.flush();
  }

  private String color(HostState s) {
    return switch (s) {
      case CHANGED, ROLLED_BACK -> c.green(s.words());
      case FAILED, UNREACHABLE, ROLLBACK_FAILED -> c.red(s.words());
      case PENDING -> c.dim(s.words());
      default -> c.yellow(s.words());
    };
  }

  @Override
  public void close() {
    synchronized (LiveView.class) {
      if (current == this) {
        current = null;
      }
    }
    ticker.interrupt();
    try {
      ticker.join(2000); // no redraw after the summary is printed
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
