package dev.rollout.cli;

import dev.rollout.engine.Event;
import dev.rollout.engine.HostState;
import dev.rollout.engine.RunListener;
import dev.rollout.engine.RunState;
import dev.rollout.source.Durations;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * On a terminal: the state changes scroll above a status block (stage, soak time left, each
 * host's state) that is redrawn in place, every second and on every change.
 */
final class LiveView implements RunListener, AutoCloseable {

  private final PrintWriter out;
  private final Colors c;
  private final Clock clock;
  private final Thread ticker;
  private RunState last;
  private Instant soakUntil;
  private int blockLines;

  LiveView(PrintWriter out, Colors c, Clock clock) {
    this.out = out;
    this.c = c;
    this.clock = clock;
    this.ticker = new Thread(this::tick, "rollout-live-view");
    ticker.setDaemon(true);
    ticker.start();
  }

  @Override
  public synchronized void onEvent(Event event, RunState state) {
    last = state;
    if (event instanceof Event.SoakStarted s) {
      soakUntil = s.until();
    } else if (event instanceof Event.SoakPassed || event instanceof Event.StageStarted) {
      soakUntil = null;
    }
    clearBlock();
    if (!(event instanceof Event.StepStarted)) {
      out.println(c.dim(event.at().toString().substring(11, 19)) + " " + event.describe());
    }
    drawBlock();
  }

  private void tick() {
    while (!Thread.currentThread().isInterrupted()) {
      try {
        Thread.sleep(1000);
      } catch (InterruptedException e) {
        return;
      }
      synchronized (this) {
        if (last != null) {
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
    out.println(c.bold("stage: " + last.stage()) + soak + ", failures " + last.failures());
    blockLines = 1;
    StringBuilder line = new StringBuilder();
    for (Map.Entry<String, HostState> e : last.hosts().entrySet()) {
      String item = e.getKey() + " " + color(e.getValue());
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
    ticker.interrupt();
  }
}
