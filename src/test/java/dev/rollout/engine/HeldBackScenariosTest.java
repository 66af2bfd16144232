package dev.rollout.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollout.engine.Event.AnalysisJudged;
import dev.rollout.probe.CanaryJudge.Verdict;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A metric probe of {@code strategy.analysis} whose own condition fails the canary before its
 * soak ends ({@link HeldBack}), on virtual time over the fake transport as in {@link
 * AnalysisScenariosTest}: hosts a (canary), b (wave 1), c (wave 2); errors below 3 pass, so a
 * blip to 5 makes the canary's probe unhealthy after two checks, 20 s into a 60 s soak.
 */
class HeldBackScenariosTest {

  final QueryApiStandIn prometheus = new QueryApiStandIn();
  final MemoryJournal journal = new MemoryJournal();
  volatile double fleetErrors = 1;

  @AfterEach
  void stop() {
    prometheus.close();
  }

  String plan() {
    return plan("60s");
  }

  String plan(String soak) {
    return """
        name: virtual
        targets: all
        strategy:
          canary: 1
          soak: %s
          waves: [1, 100%%]
          waveSoak: 60s
          analysis: { control: 2, metrics: [errors] }
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
        """.formatted(soak, prometheus.url());
  }

  VirtualFleet fleet(String... breaks) {
    return fleetOf(plan(), breaks);
  }

  VirtualFleet fleetOf(String plan, String... breaks) {
    VirtualFleet f = new VirtualFleet(plan);
    for (String h : List.of("a", "b", "c")) {
      boolean broken = List.of(breaks).contains(h);
      prometheus.set(h, () -> broken && "v2".equals(f.files.get(h)) ? 5 : fleetErrors);
    }
    return f;
  }

  List<AnalysisJudged> judged() {
    return VirtualFleet.of(AnalysisJudged.class, journal.events());
  }

  Duration at(Event e) {
    return Duration.between(journal.events().get(0).at(), e.at());
  }

  @Test
  void aBlipThatFailsTheCanarysOwnProbeIsJudgedAtOnceAndPausesWithoutFailingIt()
      throws Exception {
    VirtualFleet f = fleet();
    ApplyScenariosTest.whenSoakStarts(f, "canary", v -> fleetErrors = 5);

    Outcome o = f.engine(journal, Duration.ZERO).start(false);

    assertThat(o).as(JournalText.of(journal.events())).isEqualTo(Outcome.PAUSED_ON_FAILURE);
    assertThat(f.files).isEqualTo(Map.of("a", "v2", "b", "v1", "c", "v1"));
    assertThat(f.reached("undo-change")).isEmpty();
    assertThat(journal.events()).noneMatch(e -> e instanceof Event.HostFailed
        || e instanceof Event.SoakPassed);
    Event.HealthChanged unhealthy = VirtualFleet.of(Event.HealthChanged.class, journal.events())
        .stream().filter(h -> !h.healthy()).findFirst().orElseThrow();
    assertThat(unhealthy.host()).isEqualTo("a");
    AnalysisJudged j = judged().get(0);
    assertThat(j.verdict()).isEqualTo(Verdict.CONTROLS_MOVED_TOO);
    assertThat(at(j)).isEqualTo(at(unhealthy)).isLessThan(Duration.ofSeconds(60));
    assertThat(RunRecord.fold(journal.events()).pauseWords())
        .startsWith("paused: canary: errors: the control hosts moved too: not the change");
  }

  @Test
  void aBlipLateInALongSoakIsJudgedOnWhatBothSidesMeasuredSinceItBegan() throws Exception {
    VirtualFleet f = fleetOf(plan("1h"));
    f.listeners.add((e, st) -> {
      if (e instanceof Event.HealthCounted
          && !e.at().isBefore(journal.events().get(0).at().plus(Duration.ofMinutes(20)))) {
        fleetErrors = 5; // the whole soak's means would barely move: 20 min at 1, then 5
      }
    });

    Outcome o = f.engine(journal, Duration.ZERO).start(false);

    assertThat(o).isEqualTo(Outcome.PAUSED_ON_FAILURE);
    assertThat(journal.events()).noneMatch(e -> e instanceof Event.HostFailed);
    AnalysisJudged j = judged().get(0);
    assertThat(j.verdict()).isEqualTo(Verdict.CONTROLS_MOVED_TOO);
    assertThat(j.method()).isEqualTo("ratio");
    assertThat(j.canaryDuring()).isEqualTo(5.0);
    assertThat(at(j)).isLessThan(Duration.ofMinutes(30));
  }

  @Test
  void aCanaryWhoseOwnProbeFailsAloneIsFailedByTheJudgementAtOnceAndRolledBack()
      throws Exception {
    VirtualFleet f = fleet("a");

    Outcome o = f.engine(journal, Duration.ZERO).start(false);

    assertThat(o).as(JournalText.of(journal.events())).isEqualTo(Outcome.ROLLED_BACK);
    assertThat(f.files).isEqualTo(Map.of("a", "v1", "b", "v1", "c", "v1"));
    assertThat(f.reached("apply-change")).containsExactly("a");
    Event.HostFailed failed = VirtualFleet.of(Event.HostFailed.class, journal.events()).get(0);
    assertThat(failed.host()).isEqualTo("a");
    assertThat(failed.reason()).startsWith("analysis of canary by ratio: errors: the canaries "
        + "degraded beyond 1.5x the controls' change");
    assertThat(judged()).singleElement().satisfies(j -> {
      assertThat(j.verdict()).isEqualTo(Verdict.CANARY_WORSE);
      assertThat(at(j)).isLessThan(Duration.ofSeconds(60));
    });
  }

  @Test
  void aPromoteAcceptsTheHeldBackFailureUntilTheProbeIsHealthyAgain() throws Exception {
    VirtualFleet f = fleet();
    ApplyScenariosTest.whenSoakStarts(f, "canary", v -> fleetErrors = 5);
    ApplyScenariosTest.whenSoakStarts(f, "wave 1", v -> fleetErrors = 1);
    f.engine(journal, Duration.ZERO).start(false);

    Outcome o = f.engine(journal, Duration.ofMinutes(1)).promote("ops"); // the blip goes on

    assertThat(o).as(JournalText.of(journal.events())).isEqualTo(Outcome.COMPLETED);
    assertThat(f.files).isEqualTo(Map.of("a", "v2", "b", "v2", "c", "v2"));
    assertThat(journal.events()).noneMatch(e -> e instanceof Event.HostFailed);
  }

  @Test
  void withoutControlsLeftTheLastWavesMetricFailureFailsTheHostAsAnyProbes() throws Exception {
    VirtualFleet f = fleet("c");

    Outcome o = f.engine(journal, Duration.ZERO).start(false);

    assertThat(o).as(JournalText.of(journal.events())).isEqualTo(Outcome.ROLLED_BACK);
    Event.HostFailed failed = VirtualFleet.of(Event.HostFailed.class, journal.events()).get(0);
    assertThat(failed.host()).isEqualTo("c");
    assertThat(failed.reason())
        .startsWith("unhealthy right after its change: probe \"errors\"");
    assertThat(judged()).extracting(AnalysisJudged::stage).containsExactly("canary", "wave 1");
  }
}
