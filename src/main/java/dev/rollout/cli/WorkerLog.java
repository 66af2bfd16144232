package dev.rollout.cli;

import java.io.PrintWriter;
import java.io.Writer;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The worker's log: plain lines on stderr, each starting with a UTC timestamp, then the run it is
 * about when there is one. A line that starts with a timestamp already (the run's progress lines)
 * keeps it.
 */
final class WorkerLog {

  static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
  private static final java.util.regex.Pattern STAMPED =
      java.util.regex.Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ .*",
          java.util.regex.Pattern.DOTALL);

  private final PrintWriter err;
  private final Clock clock;

  WorkerLog(PrintWriter err, Clock clock) {
    this.err = err;
    this.clock = clock;
  }

  /** One line about the worker itself. */
  void line(String text) {
    write("", text);
  }

  private void write(String run, String text) {
    String line = STAMPED.matcher(text).matches() ? text.substring(0, 21) + run
        + text.substring(21) : TIME.format(clock.instant()) + " " + run + text;
    synchronized (err) {
      err.println(dev.rollout.source.Visible.line(line));
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
