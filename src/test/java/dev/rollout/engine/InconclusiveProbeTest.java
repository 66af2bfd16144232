package dev.rollout.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A metric probe whose value matches neither its success nor its failure condition, on virtual
 * time: {@code onInconclusive: pause} pauses the run without failing the host, {@code fail} fails
 * it, {@code ignore} ignores it. Hosts a, b, c; the canary a shows 5 errors while it holds the
 * change (success {@code < 3}, failure {@code >= 10}), every other host 1.
 */
class InconclusiveProbeTest {

  final QueryApiStandIn prometheus = new QueryApiStandIn();
  final MemoryJournal journal = new MemoryJournal();

  @AfterEach
  void stop() {
    prometheus.close();
  }

  VirtualFleet fleet(String onInconclusive) {
    VirtualFleet f = new VirtualFleet("""
        name: virtual
        targets: all
        strategy: { canary: 1, soak: 30s, waves: [100%%], waveSoak: 0s }
        change: [ "apply-change" ]
        verify: [ "check-change" ]
        rollback: [ "undo-change" ]
        health:
          interval: 10s
          unhealthyAfter: 2
          probes:
            - name: errors
              prometheus: %s
              query: errors{host="${host.name}"}
              success: "< 3"
              failure: ">= 10"
              onInconclusive: %s
        """.formatted(prometheus.url(), onInconclusive));
    for (String h : List.of("a", "b", "c")) {
      prometheus.set(h, () -> h.equals("a") && "v2".equals(f.files.get(h)) ? 5 : 1);
    }
    return f;
  }

  String withoutMeasurements() {
    return JournalText.of(journal.events().stream()
        .filter(e -> !(e instanceof Event.MetricMeasured)).toList());
  }

  @Test
  void pauseStopsTheRunWithoutFailingTheHostAndPromoteGoesOn() throws Exception {
    VirtualFleet f = fleet("pause");

    Outcome o = f.engine(journal, Duration.ZERO).start(false);

    assertThat(o).isEqualTo(Outcome.PAUSED_ON_FAILURE);
    assertThat(f.files).isEqualTo(Map.of("a", "v2", "b", "v1", "c", "v1"));
    assertThat(f.reached("undo-change")).isEmpty();
    assertThat(withoutMeasurements()).isEqualTo("""
        0s       RunStarted runId=run-1 plan=virtual targets=[a, b, c] allowedFailures=0
        0s       PreflightChecked a passed
        0s       PreflightChecked b passed
        0s       PreflightChecked c passed
        0s       PreflightPassed targets=3
        0s       StageStarted stage=canary hosts=[a]
        0s       HostStateChanged a from=PENDING to=CHANGING
        0s       StepStarted a phase=change number=1 name=apply-change path=ssh
        0s       StepFinished a phase=change number=1 name=apply-change exitCode=0 duration=0s
        0s       HostStateChanged a from=CHANGING to=VERIFYING
        0s       StepStarted a phase=verify number=1 name=check-change path=ssh
        0s       StepFinished a phase=verify number=1 name=check-change exitCode=0 duration=0s
        0s       HostStateChanged a from=VERIFYING to=CHANGED reason='verified; under probes until the run ends'
        0s       SoakStarted stage=canary duration=30s until=+30s
        1s500ms  HealthCounted checks=1 failures=1 hostsMonitored=1
        10s      HealthChanged a probe=errors reason='errors 5 neither < 3 nor >= 10: inconclusive' failures=2 inconclusive
        10s      HealthCounted checks=1 failures=1 hostsMonitored=1
        10s      RunStopping reason='probe "errors" on a was inconclusive 2 time(s) in a row (onInconclusive: pause): errors 5 neither < 3 nor >= 10: inconclusive' pause
        10s      RunPaused stage=canary reason='probe "errors" on a was inconclusive 2 time(s) in a row (onInconclusive: pause): errors 5 neither < 3 nor >= 10: inconclusive; nothing failed and no host is rolled back: promote goes on, abort rolls back'
        """);

    Outcome promoted = f.engine(journal, Duration.ofMinutes(1)).promote("ops");

    assertThat(promoted).isEqualTo(Outcome.COMPLETED);
    assertThat(f.files).isEqualTo(Map.of("a", "v2", "b", "v2", "c", "v2"));
    assertThat(VirtualFleet.of(Event.HostFailed.class, journal.events())).isEmpty();
  }

  @Test
  void failFailsTheHost() throws Exception {
    VirtualFleet f = fleet("fail");

    Outcome o = f.engine(journal, Duration.ZERO).start(false);

    assertThat(o).isEqualTo(Outcome.ROLLED_BACK);
    assertThat(f.files).isEqualTo(Map.of("a", "v1", "b", "v1", "c", "v1"));
    assertThat(VirtualFleet.of(Event.HostFailed.class, journal.events()))
        .extracting(Event.HostFailed::host, Event.HostFailed::reason)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("a", "probe \"errors\" failed 2 time(s) in a row: "
            + "errors 5 neither < 3 nor >= 10: inconclusive"));
    assertThat(VirtualFleet.of(Event.RunPaused.class, journal.events())).isEmpty();
  }

  @Test
  void ignoreLetsTheRunGoOn() throws Exception {
    VirtualFleet f = fleet("ignore");

    Outcome o = f.engine(journal, Duration.ZERO).start(false);

    assertThat(o).isEqualTo(Outcome.COMPLETED);
    assertThat(f.files).isEqualTo(Map.of("a", "v2", "b", "v2", "c", "v2"));
    assertThat(VirtualFleet.of(Event.MetricMeasured.class, journal.events()))
        .anySatisfy(m -> assertThat(m.verdict()).isEqualTo("inconclusive"));
    assertThat(VirtualFleet.of(Event.HealthChanged.class, journal.events())).isEmpty();
  }
}
