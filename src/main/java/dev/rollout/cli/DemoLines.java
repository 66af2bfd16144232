package dev.rollout.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rollout.demo.DemoFleet;
import dev.rollout.demo.EmbeddedHost;
import dev.rollout.engine.Masker;
import dev.rollout.engine.Wire;
import dev.rollout.source.Timestamps;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;

/**
 * {@code rollout demo --output json}: JSON Lines on stdout, each with {@code schemaVersion} 1 and
 * a {@code kind}. {@code demo} lines say what the demo does ({@code event}: {@code
 * fleet-started} with the fleet's files and hosts, {@code ended} with what the containers show,
 * {@code fleet-kept}, {@code interrupted}, {@code stopped}); between them come the run's own
 * lines as {@code apply --output json} prints them, and {@code log} lines for what the fleet does
 * meanwhile (a container crashing). The demo's text for people goes to stderr. {@link #OFF}
 * (without {@code --output json}) prints nothing.
 */
final class DemoLines {

  static final DemoLines OFF = new DemoLines(null);

  private final PrintWriter out;

  DemoLines(PrintWriter out) {
    this.out = out;
  }

  boolean on() {
    return out != null;
  }

  void started(DemoFleet fleet, boolean temporary, boolean running) {
    if (!on()) {
      return;
    }
    ObjectNode line = demo("fleet-started");
    line.put("scenario", Wire.name(fleet.scenario()));
    line.put("dir", fleet.dir().toString());
    line.put("temporary", temporary);
    line.put("plan", fleet.plan().toString());
    line.put("inventory", fleet.inventory().toString());
    line.put("runsThePlan", running);
    ArrayNode hosts = line.putArray("hosts");
    for (EmbeddedHost h : fleet.hosts()) {
      hosts.addObject().put("name", h.name()).put("address", h.address())
          .put("sshPort", h.sshPort()).put("httpPort", h.httpPort());
    }
    print(line);
  }

  /** What the containers show after the run, and whether that is what the scenario scripts. */
  void ended(DemoFleet fleet, boolean asScripted, int applyExit, int exitCode) {
    if (!on()) {
      return;
    }
    ObjectNode line = demo("ended");
    line.put("asScripted", asScripted);
    line.put("applyExitCode", applyExit);
    line.put("exitCode", exitCode);
    ArrayNode containers = line.putArray("containers");
    for (DemoFleet.ContainerState s : fleet.containers()) {
      containers.addObject().put("name", s.name()).put("up", s.up())
          .put("configuredDriver", s.configuredDriver()).put("runningDriver", s.runningDriver())
          .put("touched", s.touched()).put("crashes", s.crashes());
    }
    print(line);
  }

  /** The fleet stays up until Ctrl-C; the files to drive it with. */
  void kept(DemoFleet fleet, boolean reset) {
    print(demo("fleet-kept").put("reset", reset).put("plan", fleet.plan().toString())
        .put("inventory", fleet.inventory().toString()));
  }

  void interrupted(boolean resumable) {
    print(demo("interrupted").put("resumable", resumable));
  }

  void stopped(Path dir, boolean removed) {
    print(demo("stopped").put("dir", dir.toString()).put("removed", removed));
  }

  /** A line from the fleet while the run goes on. */
  void log(Instant at, String text) {
    print(JsonLines.log(at, null, text));
  }

  private static ObjectNode demo(String event) {
    ObjectNode line = Json.mapper().createObjectNode();
    line.put("schemaVersion", 1);
    line.put("kind", "demo");
    line.put("event", event);
    line.put("at", Timestamps.json(Instant.now()));
    return line;
  }

  private void print(ObjectNode line) {
    if (!on()) {
      return;
    }
    synchronized (out) {
      out.println(Masker.ofProcess().mask(Json.line(line)));
      out.flush();
    }
  }
}
