package dev.rollout.cli;

import dev.rollout.engine.Event;
import dev.rollout.engine.RunListener;
import dev.rollout.engine.RunState;
import dev.rollout.source.Visible;
import java.io.PrintWriter;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Without a terminal (CI): one plain timestamped line per state change, no redrawing. */
final class ProgressLines implements RunListener {

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

  private final PrintWriter out;

  ProgressLines(PrintWriter out) {
    this.out = out;
  }

  @Override
  public void onEvent(Event event, RunState state) {
    if (event instanceof Event.StepStarted) {
      return;
    }
    synchronized (out) {
      out.println(TIME.format(event.at()) + " " + Visible.line(event.describe()));
      out.flush();
    }
  }
}
