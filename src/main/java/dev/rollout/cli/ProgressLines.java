package dev.rollout.cli;

import dev.rollout.engine.Event;
import dev.rollout.engine.RunListener;
import dev.rollout.engine.RunState;
import dev.rollout.source.Timestamps;
import dev.rollout.source.Visible;
import java.io.PrintWriter;

/** Without a terminal (CI): one plain timestamped line per state change, no redrawing. */
final class ProgressLines implements RunListener {

  private final PrintWriter out;
  private final java.time.Clock clock;
  private final GoOn next;
  private java.time.Instant lastConnecting;

  ProgressLines(PrintWriter out) {
    this(out, java.time.Clock.systemUTC());
  }

  ProgressLines(PrintWriter out, java.time.Clock clock) {
    this(out, clock, GoOn.NONE);
  }

  /** {@code next} completes the commands that lines such as "interrupted" name. */
  ProgressLines(PrintWriter out, java.time.Clock clock, GoOn next) {
    this.out = out;
    this.clock = clock;
    this.next = next;
  }

  /** The first and the last count, and between them at most one line a second. */
  @Override
  public void onConnecting(int targets, int answered) {
    java.time.Instant now = clock.instant();
    boolean due = answered == 0 || answered == targets || lastConnecting == null
        || !now.isBefore(lastConnecting.plusSeconds(1));
    if (!due) {
      return;
    }
    lastConnecting = now;
    synchronized (out) {
      out.println(Timestamps.text(now) + " connecting to " + targets + " host(s) (" + answered
          + " answered)");
      out.flush();
    }
  }

  @Override
  public void onEvent(Event event, RunState state) {
    if (event instanceof Event.StepStarted) {
      return; // runs of probe results never get here: RunState journals them and tells no one
    }
    synchronized (out) {
      out.println(Timestamps.text(event.at()) + " " + next.complete(Visible.line(
          event.describe())));
      out.flush();
    }
  }
}
