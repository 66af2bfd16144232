package dev.rollout.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rollout.engine.Event;
import dev.rollout.engine.Outcome;
import dev.rollout.engine.RunListener;
import dev.rollout.engine.RunState;
import dev.rollout.journal.EventCodec;
import java.io.PrintWriter;

/**
 * {@code --output json} for the commands that drive a run: one JSON object per state change on
 * stdout (JSON Lines), then one summary object. Every line has {@code schemaVersion} 1 and a
 * {@code kind}: {@code event} (with {@code type}, {@code at}, the event's fields and a {@code
 * text}) or {@code summary}.
 */
final class JsonLines implements RunListener {

  private final PrintWriter out;

  JsonLines(PrintWriter out) {
    this.out = out;
  }

  @Override
  public void onEvent(Event event, RunState state) {
    try {
      ObjectNode node = (ObjectNode) Json.mapper().readTree(EventCodec.encode(event));
      ObjectNode line = Json.mapper().createObjectNode();
      line.put("schemaVersion", 1);
      line.put("kind", "event");
      line.setAll(node);
      line.put("text", event.describe());
      print(line);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("cannot write an event as JSON", e);
    }
  }

  void summary(String runId, Outcome outcome, RunState state, dev.rollout.engine.Phase phase) {
    ObjectNode line = Json.mapper().createObjectNode();
    line.put("schemaVersion", 1);
    line.put("kind", "summary");
    line.put("runId", runId);
    line.put("outcome", outcome.name().toLowerCase());
    line.put("phase", phase.words());
    line.put("exitCode", ExitCode.of(outcome).code());
    line.put("failures", state.failures());
    ObjectNode hosts = line.putObject("hosts");
    state.hosts().forEach((h, s) -> hosts.put(h, s.words()));
    print(line);
  }

  private void print(ObjectNode node) {
    synchronized (out) {
      out.println(node.toString());
      out.flush();
    }
  }
}
