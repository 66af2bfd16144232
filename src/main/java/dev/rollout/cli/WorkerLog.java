package dev.rollout.cli;

import dev.rollout.engine.Masker;
import dev.rollout.source.Timestamps;
import dev.rollout.source.Visible;
import java.io.PrintWriter;
import java.io.Writer;
import java.time.Clock;

/**
 * The worker's log: plain lines on stderr, each starting with a UTC timestamp, then the run it is
 * about when there is one. A line that starts with a timestamp already (the run's progress lines)
 * keeps it.
 *
 * <p>With {@code --output json} ({@code json} not null) the worker's own lines are JSON Lines on
 * stdout instead ({@link JsonLines#log}), beside what {@code apply --output json} prints for each
 * run it drives (its {@code event} and {@code summary} lines, each with the {@code runId}); the
 * runs' plain progress lines stay on stderr.
 */
final class WorkerLog {

  private static final java.util.regex.Pattern STAMPED =
      java.util.regex.Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ .*",
          java.util.regex.Pattern.DOTALL);

  private final PrintWriter err;
  private final PrintWriter json;
  private final Clock clock;

  /** @param json stdout for JSON Lines, or null for plain lines on {@code err} */
  WorkerLog(PrintWriter err, PrintWriter json, Clock clock) {
    this.err = err;
    this.json = json;
    this.clock = clock;
  }

  /** Where the runs' JSON Lines go with {@code --output json}; null without it. */
  PrintWriter json() {
    return json;
  }

  /** One line about the worker itself. */
  void line(String text) {
    line(null, text);
  }

  /** One line about run {@code runId} (null: about the worker itself). */
  void line(String runId, String text) {
    if (json == null) {
      write(runId == null ? "" : "run " + runId + ": ", text);
      return;
    }
    String line = Masker.ofProcess().mask(Json.line(JsonLines.log(clock.instant(), runId, text)));
    synchronized (json) { // the runs' JsonLines print to the same writer, under the same lock
      json.println(line);
      json.flush();
    }
  }

  private void write(String run, String text) {
    String line = STAMPED.matcher(text).matches() ? text.substring(0, 21) + run
        + text.substring(21) : Timestamps.text(clock.instant()) + " " + run + text;
    synchronized (err) {
      err.println(Visible.line(line));
      err.flush();
    }
  }

  /** A writer for one run's output: each line logged with the run's id. */
  PrintWriter forRun(String runId) {
    String tag = "run " + runId + ": ";
    return new PrintWriter(new Writer() {
      private final StringBuilder pending = new StringBuilder();

      @Override
      public synchronized void write(char[] b, int off, int len) {
        for (int i = off; i < off + len; i++) {
          if (b[i] == '\n') {
            WorkerLog.this.write(tag, pending.toString());
            pending.setLength(0);
          } else if (b[i] != '\r') {
            pending.append(b[i]);
          }
        }
      }

      @Override
      public void flush() {}

      @Override
      public synchronized void close() {
        if (pending.length() > 0) {
          WorkerLog.this.write(tag, pending.toString());
          pending.setLength(0);
        }
      }
    }, true);
  }
}
