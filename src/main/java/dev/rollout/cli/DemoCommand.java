package dev.rollout.cli;

import dev.rollout.demo.DemoDirectory;
import dev.rollout.demo.DemoFleet;
import dev.rollout.demo.DemoFleet.Scenario;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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
        + "Under a minute. Its hosts run their commands on this machine, as you, in their own "
        + "directories under the demo's; nothing outside that directory is touched.")
final class DemoCommand implements java.util.concurrent.Callable<Integer> {

  /** How long a container runs on fuse-overlayfs before it crashes, in the incident scenario. */
  static final Duration CRASH_AFTER = Duration.ofSeconds(5);

  @Spec CommandSpec spec;
  @Mixin OutputOptions output;

  @Option(names = "--scenario", paramLabel = "NAME", defaultValue = "incident",
      completionCandidates = Completions.Scenario.class,
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

  /** Longer than apply's own Ctrl-C handling waits for the run to journal where it stopped. */
  private static final Duration UNWIND = RunDriver.UNWIND.plusSeconds(15);

  private final CountDownLatch finished = new CountDownLatch(1);
  private final AtomicReference<DemoFleet> started = new AtomicReference<>();
  private boolean cleaned;

  @Override
  public Integer call() throws IOException {
    if (keepFleet && fleetOnly) {
      throw new RolloutException(ExitCode.INVALID_INPUT, "--keep-fleet and --fleet-only do not "
          + "go together", "--keep-fleet runs the demo first; --fleet-only runs nothing");
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    DemoLines json = output.json() ? new DemoLines(out) : DemoLines.OFF;
    // with --output json stdout carries JSON Lines only: the text for people goes to stderr
    PrintWriter said = json.on() ? err : out;
    Path home = home();
    Thread hook = new Thread(() -> cleanUp(home, said, json), "rollout-demo-cleanup");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      DemoFleet fleet = start(home, err, json);
      DemoText text = new DemoText(json.on() ? said : folded(out), fleet);
      text.introduce(dir == null, !fleetOnly, CRASH_AFTER);
      json.started(fleet, dir == null, !fleetOnly);
      if (fleetOnly) {
        finished.countDown();
        text.keptFleet(false);
        json.kept(fleet, false);
        waitForever();
        return 0;
      }
      String[] apply = {"apply", fleet.plan().toString(), "-i", fleet.inventory().toString(),
          "--yes", "--output", json.on() ? "json" : "text"};
      int code = Main.commandLine(out, err).execute(apply);
      finished.countDown();
      if (code == ExitCode.INTERRUPTED.code()) {
        said.println("demo: interrupted; the run journaled where it stopped" + (dir == null
            ? ", but its fleet goes away with this process: nothing to resume" : ""));
        json.interrupted(dir != null);
        return code;
      }
      boolean expected = code == (fleet.scenario() == Scenario.INCIDENT
          ? ExitCode.ROLLED_BACK : ExitCode.OK).code() && fleet.endedAsScripted();
      text.explain(expected, code);
      int exit = expected ? 0 : code == 0 ? ExitCode.NEEDS_ATTENTION.code() : code;
      json.ended(fleet, expected, code, exit);
      if (keepFleet) {
        fleet.reset();
        text.keptFleet(true);
        json.kept(fleet, true);
        waitForever();
      }
      return exit;
    } finally {
      finished.countDown();
      cleanUp(home, said, json);
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // shutting down already: the hook does the same, once
      }
    }
  }

  private DemoFleet start(Path home, PrintWriter err, DemoLines json) {
    try {
      DemoFleet fleet = DemoFleet.start(home, scenario, CRASH_AFTER, !json.on()
          ? line -> DemoText.narrate(err, line)
          : line -> json.log(java.time.Instant.now(), "demo fleet: "
              + dev.rollout.source.Visible.line(line)));
      started.set(fleet);
      return fleet;
    } catch (java.io.UncheckedIOException e) {
      throw new RolloutException(ExitCode.NEEDS_ATTENTION, "the demo fleet could not start: "
          + e.getMessage() + (e.getCause() == null ? "" : " (" + e.getCause().getMessage() + ")"),
          "it listens on 127.0.80.1 to 127.0.80.15, which Linux provides; on macOS, add them "
          + "first with: sudo ifconfig lo0 alias 127.0.80.N");
    }
  }

  private Path home() throws IOException {
    if (dir == null) {
      return DemoDirectory.temporary();
    }
    try {
      return DemoDirectory.given(dir);
    } catch (IllegalArgumentException e) {
      throw new RolloutException(ExitCode.INVALID_INPUT, "--dir " + e.getMessage(), "give a new "
          + "directory, or an empty one of yours that no one else can write to: the demo's "
          + "hosts run scripts from it as you");
    }
  }

  /** Until Ctrl-C (the process ends) or, in a test, an interrupt. */
  private static void waitForever() {
    try {
      new CountDownLatch(1).await();
    } catch (InterruptedException e) {
      // stopped from within this process (a test); Ctrl-C ends the process instead
    }
  }

  /**
   * Stops the fleet and removes a temporary directory, once; on Ctrl-C after the run stopped. A
   * second caller waits until the first is done, so the JVM never exits halfway through.
   */
  /** On a terminal the demo's own text is folded to its width too, as the live view's is. */
  private static PrintWriter folded(PrintWriter out) {
    if (!LiveView.wanted(false)) {
      return out;
    }
    int columns = TerminalSize.query().columns();
    return new PrintWriter(new FoldedLines(out, () -> columns, 12), true);
  }

  private synchronized void cleanUp(Path home, PrintWriter out, DemoLines json) {
    try {
      finished.await(UNWIND.toSeconds(), TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (cleaned) {
      return;
    }
    cleaned = true;
    DemoFleet fleet = started.get();
    if (fleet != null) {
      fleet.close();
    }
    if (dir == null) {
      DemoDirectory.delete(home);
      out.println("demo: stopped the fleet and removed " + home);
    } else {
      out.println("demo: stopped the fleet; its files stay in " + home);
    }
    out.flush();
    json.stopped(home, dir == null);
  }
}
