package dev.rollout.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rollout.engine.Masker;
import dev.rollout.source.Timestamps;
import dev.rollout.source.Visible;
import java.io.PrintWriter;
import java.io.Writer;
import java.time.Clock;
import java.util.function.Consumer;

/**
 * The worker's log: plain lines on stderr, each starting with a UTC timestamp, then the run it is
 * about when there is one. A line that starts with a timestamp already (the run's progress lines)
 * keeps it.
 *
 * <p>With {@code --output json} ({@code json} not null) the worker's own lines are JSON Lines on
 * stdout instead, {@code {"schemaVersion":1,"kind":"log","at":...,"runId":...,"text":...}}, and
 * so is what {@code apply --output json} prints for each run it drives (its {@code event} and
 * {@code summary} lines, each with the {@code runId} added); the runs' plain progress lines stay
 * on stderr.
 */
final class WorkerLog {

  private static final java.util.regex.Pattern STAMPED =
      java.util.regex.Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ .*",
          java.util.regex.Pattern.DOTALL);

  private final PrintWriter err;
  private final PrintWriter json;
  private final Clock clock;

  WorkerLog(PrintWriter err, Clock clock) {
    this(err, null, clock);
  }

  /** @param json stdout for JSON Lines, or null for plain lines on {@code err} */
  WorkerLog(PrintWriter err, PrintWriter json, Clock clock) {
    this.err = err;
    this.json = json;
    this.clock = clock;
  }

  boolean json() {
    return json != null;
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
    ObjectNode line = Json.mapper().createObjectNode();
    line.put("schemaVersion", 1);
    line.put("kind", "log");
    line.put("at", Timestamps.json(clock.instant()));
    if (runId != null) {
      line.put("runId", runId);
    }
    line.put("text", text);
    printJson(line);
  }

  private void write(String run, String text) {
    String line = STAMPED.matcher(text).matches() ? text.substring(0, 21) + run
        + text.substring(21) : Timestamps.text(clock.instant()) + " " + run + text;
    synchronized (err) {
      err.println(Visible.line(line));
      err.flush();
    }
  }

  private void printJson(ObjectNode line) {
    synchronized (json) {
      json.println(Masker.ofProcess().mask(Json.line(line)));
      json.flush();
    }
  }

  /** A writer for one run's output: each line logged with the run's id. */
  PrintWriter forRun(String runId) {
    String tag = "run " + runId + ": ";
    return lines(text -> write(tag, text));
  }

  /**
   * A writer for one run's {@code --output json} lines: each goes to stdout with the run's id
   * added; a line that is not a JSON object goes as a log line about the run. Without JSON, the
   * same as {@link #forRun}.
   */
  PrintWriter jsonForRun(String runId) {
    if (json == null) {
      return forRun(runId);
    }
    return lines(text -> {
      JsonNode node = parsed(text);
      if (node instanceof ObjectNode o) {
        o.put("runId", runId);
        printJson(o);
      } else if (!text.isBlank()) {
        line(runId, text);
      }
    });
  }

  private static JsonNode parsed(String text) {
    if (!text.startsWith("{")) {
      return null;
    }
    try {
      return Json.mapper().readTree(text);
    } catch (java.io.IOException e) {
      return null;
    }
  }

  /** A writer that hands {@code each} every line written to it, without its line end. */
  private static PrintWriter lines(Consumer<String> each) {
    return new PrintWriter(new Writer() {
      private final StringBuilder pending = new StringBuilder();

      @Override
      public synchronized void write(char[] b, int off, int len) {
        for (int i = off; i < off + len; i++) {
          if (b[i] == '\n') {
            each.accept(pending.toString());
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
          each.accept(pending.toString());
          pending.setLength(0);
        }
      }
    }, true);
  }
}
