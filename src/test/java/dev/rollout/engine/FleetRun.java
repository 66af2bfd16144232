package dev.rollout.engine;

import static org.awaitility.Awaitility.await;

import dev.rollout.plan.PlanFiles;
import dev.rollout.probe.Sleeper;
import dev.rollout.testfleet.TestFleet;
import dev.rollout.testfleet.TestHost;
import dev.rollout.testfleet.TestPlans;
import dev.rollout.transport.ssh.ConnectPolicy;
import dev.rollout.transport.ssh.SshTransport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Predicate;

/**
 * Runs a plan with the real engine over real SSH against a {@link TestFleet}: writes an inventory
 * for the fleet (every host in group {@code all}, with {@code vars.health} its health URL), starts
 * each sandbox with {@code config} = v1, and keeps the journal for assertions.
 */
final class FleetRun implements AutoCloseable {

  /** Change v1 -> v2 with a backup, count changes; verify; roll back from the backup. */
  static final String STEPS = TestPlans.V2_STEPS + """
      health:
        interval: 100ms
        unhealthyAfter: 2
        probes:
          - name: health endpoint
            http: "${vars.health}"
          - name: not broken
            ssh: test ! -e broken
      """;

  static final ConnectPolicy FAST = new ConnectPolicy(3, Duration.ofMillis(20),
      Duration.ofSeconds(5));

  private final TestFleet fleet;
  private final Path dir;
  private final MemoryJournal journal = new MemoryJournal();
  private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(4);
  private java.util.Map<String, String> extras = java.util.Map.of();
  private Engine engine;
  private Duration baselinePause = Duration.ofMillis(20);
  private boolean allowUnproven;

  FleetRun(TestFleet fleet, Path dir) {
    this.fleet = fleet;
    this.dir = dir;
    for (TestHost h : fleet.hosts()) {
      write(h.sandbox().resolve("config"), "v1\n");
    }
  }

  /** YAML lines added under some hosts, by host name (indented for them here). */
  /** Pause between the tries of a failing probe in a baseline (preflight, after rollback). */
  FleetRun baselinePause(Duration pause) {
    this.baselinePause = pause;
    return this;
  }

  FleetRun allowUnprovenRollback() {
    this.allowUnproven = true;
    return this;
  }

  /** Writes extra inventory text (hosts or groups) after the fleet's own. */
  FleetRun inventoryTail(String yaml) {
    this.tail = yaml;
    return this;
  }

  private String tail = "";

  FleetRun hostExtras(java.util.Map<String, String> extras) {
    this.extras = extras;
    return this;
  }

  String inventory() {
    String inv = dev.rollout.testfleet.FleetInventory.yaml(fleet, extras);
    if (tail.isEmpty()) {
      return inv;
    }
    int groups = inv.indexOf("groups:\n");
    return inv.substring(0, groups) + tail.indent(2) + inv.substring(groups);
  }

  /** Runs {@code plan} in the background. */
  CompletableFuture<Outcome> start(String plan) {
    Path planFile = dir.resolve("plan.yml");
    Path invFile = dir.resolve("inventory.yml");
    write(planFile, plan);
    write(invFile, inventory());
    PlanFiles.Loaded loaded;
    try {
      loaded = new PlanFiles(System::getenv).load(planFile, invFile);
    } catch (dev.rollout.source.InvalidInputException e) {
      throw new AssertionError("test plan invalid: " + e.problems(), e);
    }
    Fleet f = new Fleet(new SshTransport(FAST, n -> null), loaded.plan(), dir);
    engine = new Engine("test-run", loaded.plan(), f, journal, List.of(),
        new Engine.Settings(Clock.systemUTC(), Sleeper.SYSTEM, scheduler,
            baselinePause), null).allowUnprovenRollback(allowUnproven);
    return CompletableFuture.supplyAsync(() -> {
      try (f) {
        return engine.start(false);
      }
    });
  }

  Outcome run(String plan) {
    return start(plan).join();
  }

  List<Event> events() {
    return journal.events();
  }

  RunState state() {
    return engine.state();
  }

  /** Waits (with a deadline) until an event matching {@code p} is in the journal. */
  void awaitEvent(Predicate<Event> p) {
    await().atMost(Duration.ofSeconds(30)).until(() -> events().stream().anyMatch(p));
  }

  static String read(TestHost h, String file) {
    try {
      Path p = h.sandbox().resolve(file);
      return Files.exists(p) ? Files.readString(p).strip() : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static int count(TestHost h, String file) {
    String s = read(h, file);
    return s.isEmpty() ? 0 : s.split("\n").length;
  }

  private static void write(Path p, String text) {
    try {
      Files.writeString(p, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }
}
