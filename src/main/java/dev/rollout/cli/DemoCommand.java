package dev.rollout.cli;

import dev.rollout.demo.DemoFleet;
import dev.rollout.demo.DemoFleet.ContainerState;
import dev.rollout.demo.DemoFleet.Scenario;
import dev.rollout.journal.FileRunStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code rollout demo}: starts an embedded fleet shaped like the incident's and runs the demo plan
 * on it through {@code rollout apply}, the same code path as any run. The demo only supplies the
 * fleet and the files.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    header = "Replay the incident on an embedded fleet, over real SSH.",
    footerHeading = "%nExamples:%n",
    footer = {
        "  The canary crashes during its soak and is rolled back over the console:",
        "    rollout demo",
        "  The change works: canary, soak, every wave, the watch:",
        "    rollout demo --scenario healthy",
        "  Keep the fleet running afterwards, to try the commands by hand:",
        "    rollout demo --keep-fleet --dir /tmp/rollout-demo",
        "  Only the fleet, for trying the commands (Ctrl-C stops it):",
        "    rollout demo --fleet-only --scenario healthy --dir /tmp/rollout-ci"},
    description = "Replay the incident on an embedded fleet: a hypervisor and five containers, "
        + "each a real SSH server on a loopback address of this machine. The storage-driver "
        + "change goes to one canary, which crashes during its soak; Rollout declares it failed, "
        + "rolls it back over the hypervisor's console path and leaves the other four untouched. "
        + "Under a minute; nothing outside its temporary directory is touched.")
final class DemoCommand implements java.util.concurrent.Callable<Integer> {

  /** How long a container runs on fuse-overlayfs before it crashes, in the incident scenario. */
  static final Duration CRASH_AFTER = Duration.ofSeconds(5);

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

  @Spec CommandSpec spec;

  @Option(names = "--scenario", paramLabel = "NAME", defaultValue = "incident",
      description = "incident: the canary crashes during its soak and is rolled back; healthy: "
          + "the change works, and goes through every wave (default: ${DEFAULT-VALUE}).")
  Scenario scenario;

  @Option(names = "--keep-fleet", description = "After the run, put the containers back as they "
      + "were and keep the fleet running until Ctrl-C, to try plan, apply, status and report "
      + "against it by hand.")
  boolean keepFleet;

  @Option(names = "--fleet-only", description = "Start the fleet and keep it running until "
      + "Ctrl-C without running the plan: a fleet to drive by hand, or from CI examples.")
  boolean fleetOnly;

  @Option(names = "--dir", paramLabel = "DIR", description = "Put the demo's files in DIR (new "
      + "or empty) and keep them afterwards. Default: a temporary directory, removed at the end.")
  Path dir;

  private final CountDownLatch finished = new CountDownLatch(1);
  private boolean cleaned;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Path home = home();
    DemoFleet fleet = DemoFleet.start(home, scenario, CRASH_AFTER, line -> narrate(err, line));
    Thread hook = new Thread(() -> cleanUp(fleet, out), "rollout-demo-cleanup");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      introduce(out, fleet);
      if (fleetOnly) {
        keepRunning(out, fleet);
        return 0;
      }
      int code = Main.commandLine(out, err).execute("apply", fleet.plan().toString(), "-i",
          fleet.inventory().toString(), "--yes");
      finished.countDown();
      if (code == ExitCode.INTERRUPTED.code()) {
        out.println("demo: interrupted; the run journaled where it stopped" + (dir == null
            ? ", but its fleet goes away with this process: nothing to resume" : ""));
        return code;
      }
      boolean expected = explain(out, fleet, code);
      if (keepFleet) {
        fleet.reset();
        keepRunning(out, fleet);
      }
      return expected ? 0 : code == 0 ? ExitCode.NEEDS_ATTENTION.code() : code;
    } finally {
      finished.countDown();
      cleanUp(fleet, out);
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // shutting down already: the hook does the same, once
      }
    }
  }

  /** A line from the fleet, with the run's progress: above the live view, or on stderr. */
  private static void narrate(PrintWriter err, String line) {
    String text = "demo fleet: " + line;
    Instant now = Instant.now();
    if (!LiveView.printAbove(now.toString().substring(11, 19) + " " + text)) {
      synchronized (err) {
        err.println(TIME.format(now) + " " + text);
        err.flush();
      }
    }
  }

  private Path home() throws IOException {
    if (dir == null) {
      return Files.createTempDirectory("rollout-demo-");
    }
    if (Files.exists(dir)) {
      try (Stream<Path> entries = Files.list(dir)) {
        if (entries.findAny().isPresent()) {
          throw new RolloutException(ExitCode.INVALID_INPUT, "--dir " + dir + " is not empty",
              "give a new or empty directory; the demo never writes over files");
        }
      } catch (java.nio.file.NotDirectoryException e) {
        throw new RolloutException(ExitCode.INVALID_INPUT, "--dir " + dir + " is a file",
            "give a new or empty directory");
      }
    }
    return dir.toAbsolutePath();
  }

  private void introduce(PrintWriter out, DemoFleet fleet) {
    List<String> containers = DemoFleet.CONTAINERS.stream().map(DemoFleet.Container::name)
        .toList();
    out.println("rollout demo: the incident of incident.txt, replayed on an embedded fleet");
    out.println("  fleet     " + DemoFleet.HYPERVISOR + " (a Proxmox hypervisor) and "
        + containers.size() + " containers: " + String.join(", ", containers));
    out.println("            each a real SSH server (Apache MINA sshd) with its own host key and "
        + "health endpoint, on " + fleet.host(DemoFleet.HYPERVISOR).address() + " and up");
    out.println("  files     " + fleet.dir() + (dir == null ? " (removed at the end)"
        : " (kept)"));
    out.println("  plan      " + fleet.plan() + ": Docker's storage driver, vfs -> "
        + "fuse-overlayfs; canary, 15s soak, waves of 1, 50%, 100%");
    out.println("  scenario  " + (scenario == Scenario.INCIDENT
        ? "incident: a container crashes " + CRASH_AFTER.toSeconds() + "s after its Docker "
            + "restarts on fuse-overlayfs, as off-net did three days after the change"
        : "healthy: fuse-overlayfs works on every container"));
    if (!fleetOnly) {
      out.println("  running   rollout apply " + fleet.plan() + " -i " + fleet.inventory()
          + " --yes");
    }
    out.println();
    out.flush();
  }

  /** Prints what the fleet looks like now; true when it is what the scenario should end in. */
  private boolean explain(PrintWriter out, DemoFleet fleet, int code) {
    List<ContainerState> states = fleet.containers();
    out.println();
    out.println("What the demo showed (read off the containers now):");
    for (ContainerState s : states) {
      out.printf("  %-13s %-8s Docker on %-15s %s%n", s.name(), s.up() ? "up" : "DOWN",
          s.runningDriver(), s.crashes() > 0 ? "crashed, rolled back over the console"
              + " (pct exec on " + DemoFleet.HYPERVISOR + ")" : s.touched() ? "changed"
              : "untouched");
    }
    boolean allUp = states.stream().allMatch(ContainerState::up);
    boolean expected;
    if (scenario == Scenario.INCIDENT) {
      ContainerState canary = states.get(0);
      expected = code == ExitCode.ROLLED_BACK.code() && allUp && canary.crashes() > 0
          && states.stream().allMatch(s -> s.runningDriver().equals("vfs"))
          && states.stream().skip(1).noneMatch(ContainerState::touched);
      out.println(expected
          ? String.join(System.lineSeparator(),
              "As in the incident, the canary crashed during its soak. Rollout declared it failed",
              "after 3 failed probes in a row, found its SSH dead, rolled it back through the",
              "hypervisor (pct exec) and stopped: the other containers were never touched.",
              "rollout apply exited 1: the change failed, and every host is back and healthy.")
          : "Not what the demo expected (exit code " + code + "): see the output above.");
    } else {
      expected = code == ExitCode.OK.code() && allUp
          && states.stream().allMatch(s -> s.runningDriver().equals("fuse-overlayfs"));
      out.println(expected
          ? String.join(System.lineSeparator(),
              "The canary soaked healthy, then the waves went out with a soak each, and the",
              "watch passed: every container runs on fuse-overlayfs. rollout apply exited 0.")
          : "Not what the demo expected (exit code " + code + "): see the output above.");
    }
    out.flush();
    return expected;
  }

  private void keepRunning(PrintWriter out, DemoFleet fleet) {
    String inv = fleet.inventory().toString();
    String run = latestRun(fleet);
    out.println();
    out.println("The fleet keeps running until Ctrl-C" + (fleetOnly ? "." : ", every container "
        + "back on vfs as at the start."));
    out.println("In another terminal, try:");
    out.println("  ./rollout plan " + fleet.plan() + " -i " + inv);
    out.println("  ./rollout apply " + fleet.plan() + " -i " + inv + " --yes");
    out.println("  ./rollout status -i " + inv);
    out.println("  ./rollout history -i " + inv);
    if (run != null) {
      out.println("  ./rollout report " + run + " -i " + inv);
    }
    out.println("inventory: " + inv);
    out.flush();
    try {
      new CountDownLatch(1).await();
    } catch (InterruptedException e) {
      // stopped from within this process (a test); Ctrl-C ends the process instead
    }
  }

  private static String latestRun(DemoFleet fleet) {
    try (FileRunStore store = new FileRunStore(fleet.dir().resolve(".rollout"))) {
      List<String> ids = store.runIds();
      return ids.isEmpty() ? null : ids.get(0);
    } catch (IOException e) {
      return null;
    }
  }

  /**
   * Stops the fleet and removes a temporary directory, once; on Ctrl-C after the run stopped. A
   * second caller waits until the first is done, so the JVM never exits halfway through.
   */
  private synchronized void cleanUp(DemoFleet fleet, PrintWriter out) {
    try {
      finished.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (cleaned) {
      return;
    }
    cleaned = true;
    fleet.close();
    if (dir == null) {
      fleet.deleteFiles();
      out.println("demo: stopped the fleet and removed " + fleet.dir());
    } else {
      out.println("demo: stopped the fleet; its files stay in " + fleet.dir());
    }
    out.flush();
  }
}
