package dev.rollout.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollout.plan.PlanFiles;
import dev.rollout.plan.ResolvedPlan;
import dev.rollout.probe.ManualScheduledExecutor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The engine's decisions on virtual time, with a scripted transport: a 72-hour soak at a 30 s
 * probe interval runs in milliseconds, and the exact journal is asserted.
 */
class EngineDecisionsTest {

  static final String INVENTORY = """
      hosts:
        a: { address: 127.0.0.2 }
        b: { address: 127.0.0.3 }
      groups:
        all: [a, b]
      """;

  static final String PLAN = """
      name: long-soak
      targets: all
      strategy: { canary: 1, soak: 72h, waves: [100%], maxParallel: 1 }
      change: [ "apply-change" ]
      verify: [ "check-change" ]
      rollback: [ "undo-change" ]
      health:
        interval: 30s
        unhealthyAfter: 3
        probes:
          - name: app
            ssh: "probe-app"
      """;

  final ManualScheduledExecutor time =
      new ManualScheduledExecutor(Instant.parse("2026-11-25T00:00:00Z"));
  final Set<String> broken = ConcurrentHashMap.newKeySet();

  ResolvedPlan plan() throws Exception {
    return new PlanFiles(n -> null).load("plan.yml", PLAN.getBytes(StandardCharsets.UTF_8),
        "inventory.yml", INVENTORY.getBytes(StandardCharsets.UTF_8)).plan();
  }

  Engine engine(FakeTransport transport, MemoryJournal journal) throws Exception {
    ResolvedPlan rp = plan();
    return new Engine("run-1", rp, new Fleet(transport, rp, Path.of(".")), journal, List.of(),
        new Engine.Settings(time.clock(), time::advance, time, Duration.ofSeconds(2)), null);
  }

  int answer(String host, String command) {
    if (command.equals("probe-app") && broken.contains(host)) {
      return 1;
    }
    return 0;
  }

  static List<String> types(List<Event> events) {
    return events.stream().map(e -> e.getClass().getSimpleName())
        .filter(t -> !t.equals("HealthCounted") && !t.equals("ProbeResultChanged")).toList();
  }

  @Test
  void soaksTheCanarySeventyTwoHoursOnVirtualTimeThenChangesTheRest() throws Exception {
    MemoryJournal journal = new MemoryJournal();
    FakeTransport transport = new FakeTransport(this::answer);

    Outcome o = engine(transport, journal).start(false);

    assertThat(o).isEqualTo(Outcome.COMPLETED);
    assertThat(types(journal.events())).containsExactly(
        "RunStarted", "PreflightChecked", "PreflightChecked", "PreflightPassed",
        "StageStarted", "HostStateChanged", "StepStarted", "StepFinished",
        "HostStateChanged", "StepStarted", "StepFinished", "HostStateChanged",
        "SoakStarted", "SoakPassed", "StageCompleted",
        "StageStarted", "HostStateChanged", "StepStarted", "StepFinished",
        "HostStateChanged", "StepStarted", "StepFinished", "HostStateChanged",
        "StageCompleted", "RunEnded");
    Event.SoakStarted soak = journal.events().stream().filter(Event.SoakStarted.class::isInstance)
        .map(Event.SoakStarted.class::cast).findFirst().orElseThrow();
    assertThat(soak.duration()).isEqualTo(Duration.ofHours(72));
    long counts = journal.events().stream().filter(Event.HealthCounted.class::isInstance)
        .count();
    assertThat(counts).as("one probe total every 5 minutes, not one event per check")
        .isEqualTo(72 * 12);
    long probeRuns = transport.calls().stream().filter(c -> c.command().equals("probe-app"))
        .count();
    assertThat(probeRuns).as("the canary probed every 30 s for 72 h").isGreaterThan(8_600);
  }

  @Test
  void rollsBackTheCanaryThatTurnsUnhealthyFiftyHoursIntoItsSoak() throws Exception {
    MemoryJournal journal = new MemoryJournal();
    AtomicBoolean undone = new AtomicBoolean();
    FakeTransport transport = new FakeTransport((host, command) -> {
      undone.compareAndSet(false, command.equals("undo-change"));
      boolean late = time.clock().instant().isAfter(Instant.parse("2026-11-27T02:00:00Z"));
      return command.equals("probe-app") && late && host.equals("a") && !undone.get() ? 1 : 0;
    });

    Outcome o = engine(transport, journal).start(false);

    assertThat(o).isEqualTo(Outcome.ROLLED_BACK);
    List<String> tail = types(journal.events()).subList(types(journal.events()).indexOf(
        "SoakStarted"), types(journal.events()).size());
    assertThat(tail).containsExactly("SoakStarted", "HealthChanged", "HostFailed", "RunStopping",
        "RollbackStarted", "HostStateChanged", "StepStarted", "StepFinished",
        "HostStateChanged", "RollbackFinished", "RunEnded");
    Event.HostFailed failed = journal.events().stream().filter(Event.HostFailed.class::isInstance)
        .map(Event.HostFailed.class::cast).findFirst().orElseThrow();
    assertThat(failed.at()).isBetween(Instant.parse("2026-11-27T02:00:00Z"),
        Instant.parse("2026-11-27T02:02:00Z"));
    assertThat(failed.failure()).isEqualTo(FailureClass.UNHEALTHY);
    long failedChecks = journal.events().stream().filter(Event.HealthCounted.class::isInstance)
        .mapToLong(e -> ((Event.HealthCounted) e).failures()).sum();
    assertThat(failedChecks).as("the soak cut short still journals the checks that failed")
        .isEqualTo(3);
    assertThat(transport.calls()).noneMatch(c -> c.host().equals("b")
        && c.command().equals("apply-change"));
  }
}
