package dev.rollout.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rollout.engine.Event;
import dev.rollout.engine.Outcome;
import dev.rollout.engine.Phase;
import dev.rollout.engine.RunListener;
import dev.rollout.engine.RunState;
import dev.rollout.engine.Wire;
import dev.rollout.source.Timestamps;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;

/**
 * {@code --output json} for the commands that drive a run: one JSON object per state change on
 * stdout (JSON Lines), then one summary object. Every line has {@code schemaVersion} 1 and a
 * {@code kind}: {@code event} (with {@code type}, {@code at}, the event's fields and a {@code
 * text}), {@code summary}, or {@code error} when the command stopped on an error (see {@link
 * ErrorDocument}). For a run a worker drives, every event line carries its {@code runId} too.
 */
final class JsonLines implements RunListener {

  private final PrintWriter out;
  private final String runId;

  JsonLines(PrintWriter out) {
    this(out, null);
  }

  /** @param runId added to every event line (the summary has it anyway), or null */
  JsonLines(PrintWriter out, String runId) {
    this.out = out;
    this.runId = runId;
  }

  /**
   * A {@code log} line, {@code {"schemaVersion":1,"kind":"log","at":...,"runId":...,"text":...}}:
   * what a worker or the demo says beside the runs' events.
   *
   * @param runId the run the line is about, or null
   */
  static ObjectNode log(Instant at, String runId, String text) {
    ObjectNode line = Json.mapper().createObjectNode();
    line.put("schemaVersion", 1);
    line.put("kind", "log");
    line.put("at", Timestamps.json(at));
    if (runId != null) {
      line.put("runId", runId);
    }
    line.put("text", text);
    return line;
  }

  @Override
  public void onEvent(Event event, RunState state) {
    ObjectNode line = Json.mapper().createObjectNode();
    line.put("schemaVersion", 1);
    line.put("kind", "event");
    line.put("type", event.getClass().getSimpleName());
    line.setAll((ObjectNode) Json.mapper().valueToTree(event));
    line.put("text", event.describe());
    if (runId != null) {
      line.put("runId", runId);
    }
    print(line);
  }

  /**
   * The last line: the outcome, the exit code, each host's state, and what failed or refused
   * ({@code failed}: host, failure class and reason; {@code refused}: the preflight refusals).
   */
  void summary(String runId, Outcome outcome, RunState state, Phase phase, List<Event> events) {
    ObjectNode line = Json.mapper().createObjectNode();
    line.put("schemaVersion", 1);
    line.put("kind", "summary");
    line.put("runId", runId);
    line.put("outcome", Wire.name(outcome));
    line.put("phase", Wire.name(phase));
    line.put("exitCode", ExitCode.of(outcome).code());
    line.put("failures", state.failures());
    ObjectNode hosts = line.putObject("hosts");
    state.hosts().forEach((h, s) -> hosts.put(h, Wire.name(s)));
    ArrayNode failed = line.putArray("failed");
    ArrayNode refused = line.putArray("refused");
    for (Event e : events) {
      if (e instanceof Event.HostFailed f) {
        failed.addObject().put("host", f.host()).put("failure", Wire.name(f.failure()))
            .put("reason", f.reason());
      } else if (e instanceof Event.PreflightChecked p && !p.passed()) {
        refused.addObject().put("host", p.host()).put("reason", p.reason());
      }
    }
    print(line);
  }

  private void print(ObjectNode node) {
    synchronized (out) {
      out.println(node.toString());
      out.flush();
    }
  }
}
