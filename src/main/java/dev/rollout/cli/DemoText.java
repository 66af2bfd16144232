package dev.rollout.cli;

import dev.rollout.demo.DemoFleet;
import dev.rollout.demo.DemoFleet.ContainerState;
import dev.rollout.demo.DemoFleet.Scenario;
import dev.rollout.journal.FileRunStore;
import dev.rollout.plan.PlanFiles;
import dev.rollout.plan.Strategy;
import dev.rollout.source.Durations;
import dev.rollout.source.InvalidInputException;
import dev.rollout.source.Visible;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** What {@code rollout demo} tells the operator before, after, and while the fleet is kept. */
final class DemoText {


  private final PrintWriter out;
  private final DemoFleet fleet;

  DemoText(PrintWriter out, DemoFleet fleet) {
    this.out = out;
    this.fleet = fleet;
  }

  /** A line from the fleet, with the run's progress: above the live view, or on stderr. */
  static void narrate(PrintWriter err, String line) {
    String text = "demo fleet: " + Visible.line(line);
    Instant now = Instant.now();
    if (!LiveView.printAbove(now.toString().substring(11, 19) + " " + text)) {
      synchronized (err) {
        err.println(dev.rollout.source.Timestamps.text(now) + " " + text);
        err.flush();
      }
    }
  }

  void introduce(boolean temporary, boolean running, Duration crashAfter) {
    List<String> containers = DemoFleet.CONTAINERS.stream().map(DemoFleet.Container::name)
        .toList();
    out.println(running ? "rollout demo: the incident of docs/incident.txt, replayed on an "
        + "embedded fleet" : "rollout demo: an embedded fleet shaped like the incident's");
    out.println("  fleet     " + DemoFleet.HYPERVISOR + " (a Proxmox hypervisor) and "
        + containers.size() + " containers: " + String.join(", ", containers));
    out.println("            each a real SSH server (Apache MINA sshd) with its own host key and "
        + "health endpoint, on " + fleet.host(DemoFleet.HYPERVISOR).address() + " and up");
    out.println("  files     " + fleet.dir() + (temporary ? " (removed at the end)" : " (kept)"));
    out.println("  plan      " + fleet.plan() + ": Docker's storage driver, vfs -> "
        + "fuse-overlayfs; " + strategy());
    out.println("  scenario  " + (fleet.scenario() == Scenario.INCIDENT
        ? "incident: a container crashes " + crashAfter.toSeconds() + "s after its Docker "
            + "restarts on fuse-overlayfs, as off-net did three days after the change"
        : "healthy: fuse-overlayfs works on every container"));
    if (running) {
      out.println("  running   rollout apply " + fleet.plan() + " -i " + fleet.inventory()
          + " --yes");
    }
    out.println();
    out.flush();
  }

  /** The demo plan's strategy in a few words, read from the plan itself. */
  private String strategy() {
    try {
      Strategy s = new PlanFiles(System::getenv).load(fleet.plan(), fleet.inventory()).plan()
          .plan().strategy();
      return "canary " + s.canary().count() + ", " + Durations.format(s.soak()) + " soak, waves "
          + s.waves();
    } catch (InvalidInputException e) {
      throw new IllegalStateException("the demo's own plan does not load", e);
    }
  }

  /** The containers as they are now, and what that means. */
  void explain(boolean asScripted, int applyExit) {
    out.println();
    out.println("What the demo showed (read off the containers now):");
    for (ContainerState s : fleet.containers()) {
      out.printf("  %-13s %-8s Docker on %-15s %s%n", s.name(), s.up() ? "up" : "DOWN",
          Visible.line(s.runningDriver()), s.crashes() > 0 ? "crashed, rolled back over the console"
              + " (pct exec on " + DemoFleet.HYPERVISOR + ")" : s.touched() ? "changed"
              : "untouched");
    }
    if (!asScripted) {
      out.println("Not what the demo expected (rollout apply exited " + applyExit + "): see "
          + "the output above.");
    } else if (fleet.scenario() == Scenario.INCIDENT) {
      out.println(String.join(System.lineSeparator(),
          "As in the incident, the canary crashed during its soak. Rollout declared it failed",
          "after 3 failed probes in a row, found its SSH dead, rolled it back through the",
          "hypervisor (pct exec) and stopped: the other containers were never touched.",
          "rollout apply exited 1: the change failed, and every host is back and healthy."));
    } else {
      out.println(String.join(System.lineSeparator(),
          "The canary soaked healthy, then the waves went out with a soak each, and the",
          "watch passed: every container runs on fuse-overlayfs. rollout apply exited 0."));
    }
    out.flush();
  }

  /** How to use the fleet by hand, ending with the line {@code inventory: PATH}. */
  void keptFleet(boolean reset) {
    String inv = fleet.inventory().toString();
    out.println();
    out.println("The fleet keeps running until Ctrl-C" + (reset ? ", every container back on "
        + "vfs as at the start." : "."));
    out.println("Its hosts run commands on this machine, as you, in their directories under "
        + fleet.dir().resolve("hosts") + ": apply only the demo's plan to them.");
    out.println("In another terminal, try:");
    out.println("  ./rollout plan " + fleet.plan() + " -i " + inv);
    out.println("  ./rollout apply " + fleet.plan() + " -i " + inv + " --yes");
    out.println("  ./rollout status -i " + inv);
    out.println("  ./rollout history -i " + inv);
    String run = latestRun();
    if (run != null) {
      out.println("  ./rollout report " + run + " -i " + inv);
    }
    out.println("inventory: " + inv);
    out.flush();
  }

  private String latestRun() {
    try (FileRunStore store = new FileRunStore(fleet.dir().resolve(".rollout"))) {
      List<String> ids = store.runIds();
      return ids.isEmpty() ? null : ids.get(0);
    } catch (IOException e) {
      return null;
    }
  }
}
