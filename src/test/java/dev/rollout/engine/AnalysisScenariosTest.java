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
 * Canaries judged against control hosts ({@code strategy.analysis}) on virtual time over the fake
 * transport, with each host's {@code errors} served by a {@link QueryApiStandIn} that follows the
 * virtual clock. Hosts a, b, c: the canary is a, wave 1 is b, wave 2 is c; the canary's controls
 * are c and b (latest waves first), wave 1's is c, and wave 2 has none left: it is judged against
 * its own pre-change window. Every host's errors is 1 unless a test raises it.
 */
class AnalysisScenariosTest {

  final QueryApiStandIn prometheus = new QueryApiStandIn();
  final MemoryJournal journal = new MemoryJournal();
  /** Errors every host shows: a fleet-wide blip when raised. */
  volatile double fleetErrors = 1;

  @AfterEach
  void stop() {
    prometheus.close();
  }

  /** A plan over a, b, c with errors probed every {@code interval}. */
  String plan(String interval, String soak) {
    return """
        name: virtual
        targets: all
        strategy:
          canary: 1
          soak: %s
          waves: [1, 100%%]
          waveSoak: %s
          analysis: { control: 2, metrics: [errors] }
        change: [ "apply-change" ]
        verify: [ "check-change" ]
        rollback: [ "undo-change" ]
        health:
          interval: %s
          unhealthyAfter: 2
          probes:
            - name: errors
              prometheus: %s
              query: errors{host="${host.name}"}
              success: "< 100"
        """.formatted(soak, soak, interval, prometheus.url());
  }

  /** A fleet whose hosts in {@code breaks} show 5 errors while they hold the change. */
  VirtualFleet fleet(String plan, String... breaks) {
    VirtualFleet f = new VirtualFleet(plan);
    for (String h : List.of("a", "b", "c")) {
      boolean broken = List.of(breaks).contains(h);
      prometheus.set(h, () -> broken && "v2".equals(f.files.get(h)) ? 5 : fleetErrors);
    }
    return f;
  }

  void assertJournal(String expected) {
    JournalText.assertJournal(journal.events(), expected);
  }

  List<AnalysisJudged> judged() {
    return VirtualFleet.of(AnalysisJudged.class, journal.events());
  }

  @Test
  void rollsBackACanaryThatDegradesBeyondItsControls() throws Exception {
    VirtualFleet f = fleet(plan("10s", "20s"), "a");

    Outcome o = f.engine(journal, Duration.ZERO).start(false);

    assertThat(o).isEqualTo(Outcome.ROLLED_BACK);
    assertThat(f.files).isEqualTo(Map.of("a", "v1", "b", "v1", "c", "v1"));
    assertThat(f.reached("apply-change")).containsExactly("a");
    assertJournal("""
        0s       RunStarted runId=run-1 plan=virtual targets=[a, b, c] allowedFailures=0
        0s       MetricMeasured a probe=errors query=errors{host="a"} value=1.0 sampleAt=+0s condition='< 100' verdict=passed reason='errors 1 < 100: passed'
        0s       PreflightChecked a passed
        0s       MetricMeasured b probe=errors query=errors{host="b"} value=1.0 sampleAt=+0s condition='< 100' verdict=passed reason='errors 1 < 100: passed'
        0s       PreflightChecked b passed
        0s       MetricMeasured c probe=errors query=errors{host="c"} value=1.0 sampleAt=+0s condition='< 100' verdict=passed reason='errors 1 < 100: passed'
        0s       PreflightChecked c passed
        0s       PreflightPassed targets=3
        0s       StageStarted stage=canary hosts=[a]
        0s       HostStateChanged a from=PENDING to=CHANGING
        0s       StepStarted a phase=change number=1 name=apply-change path=ssh
        0s       StepFinished a phase=change number=1 name=apply-change exitCode=0 duration=0s
        0s       HostStateChanged a from=CHANGING to=VERIFYING
        0s       StepStarted a phase=verify number=1 name=check-change path=ssh
        0s       StepFinished a phase=verify number=1 name=check-change exitCode=0 duration=0s
        0s       MetricMeasured a probe=errors query=errors{host="a"} value=5.0 sampleAt=+0s condition='< 100' verdict=passed reason='errors 5 < 100: passed'
        0s       HostStateChanged a from=VERIFYING to=CHANGED reason='verified; under probes until the run ends'
        0s       SoakStarted stage=canary duration=20s until=+20s
        0s       MetricMeasured a probe=errors query=errors{host="a"} value=5.0 sampleAt=+0s condition='< 100' verdict=passed reason='errors 5 < 100: passed'
        0s       MetricMeasured b probe=errors query=errors{host="b"} value=1.0 sampleAt=+0s condition='< 100' verdict=passed reason='errors 1 < 100: passed'
        0s       MetricMeasured c probe=errors query=errors{host="c"} value=1.0 sampleAt=+0s condition='< 100' verdict=passed reason='errors 1 < 100: passed'
        1s       HealthCounted checks=1 failures=0 hostsMonitored=1
        10s      MetricMeasured a probe=errors query=errors{host="a"} value=5.0 sampleAt=+10s condition='< 100' verdict=passed reason='errors 5 < 100: passed'
        10s      MetricMeasured b probe=errors query=errors{host="b"} value=1.0 sampleAt=+10s condition='< 100' verdict=passed reason='errors 1 < 100: passed'
        10s      MetricMeasured c probe=errors query=errors{host="c"} value=1.0 sampleAt=+10s condition='< 100' verdict=passed reason='errors 1 < 100: passed'
        10s      HealthCounted checks=1 failures=0 hostsMonitored=1
        20s      MetricMeasured a probe=errors query=errors{host="a"} value=5.0 sampleAt=+20s condition='< 100' verdict=passed reason='errors 5 < 100: passed'
        20s      MetricMeasured b probe=errors query=errors{host="b"} value=1.0 sampleAt=+20s condition='< 100' verdict=passed reason='errors 1 < 100: passed'
        20s      MetricMeasured c probe=errors query=errors{host="c"} value=1.0 sampleAt=+20s condition='< 100' verdict=passed reason='errors 1 < 100: passed'
        20s      HealthCounted checks=1 failures=0 hostsMonitored=1
        20s      SoakPassed stage=canary
        20s      AnalysisJudged stage=canary metric=errors method=ratio verdict=CANARY_WORSE canaries=[a] controls=[c, b] canaryPoints=3 controlPoints=6 canaryBefore=1.0 canaryDuring=5.0 controlBefore=1.0 controlDuring=1.0 sentence='errors: the canaries degraded beyond 1.5x the controls' change (canaries +4, controls +0, tolerance 1.5x)'
        20s      HostFailed a failure=UNHEALTHY reason='analysis of canary by ratio: errors: the canaries degraded beyond 1.5x the controls' change (canaries +4, controls +0, tolerance 1.5x)' failures=1
        20s      RunStopping reason='more failures (1) than maxFailures allows (0)'
        20s      RollbackStarted hosts=[a] reason='the change failed (more failures (1) than maxFailures allows (0))'
        20s      HostStateChanged a from=FAILED to=ROLLING_BACK
        20s      StepStarted a phase=rollback number=1 name=undo-change path=ssh
        20s      StepFinished a phase=rollback number=1 name=undo-change exitCode=0 duration=0s
        20s      MetricMeasured a probe=errors query=errors{host="a"} value=1.0 sampleAt=+20s condition='< 100' verdict=passed reason='errors 1 < 100: passed'
        20s      HostStateChanged a from=ROLLING_BACK to=ROLLED_BACK reason='rollback steps done, probes healthy'
        20s      RollbackFinished rolledBack=[a]
        20s      RunEnded outcome=ROLLED_BACK summary='the change failed (more failures (1) than maxFailures allows (0)); rolled back: a'
        """);
  }

  @Test
  void pausesWithoutRollingBackWhenTheControlsMoveToo() throws Exception {
    VirtualFleet f = fleet(plan("10s", "20s"));
    ApplyScenariosTest.whenSoakStarts(f, "canary", v -> fleetErrors = 5);

    Outcome o = f.engine(journal, Duration.ZERO).start(false);

    assertThat(o).isEqualTo(Outcome.PAUSED_ON_FAILURE);
    assertThat(f.files).isEqualTo(Map.of("a", "v2", "b", "v1", "c", "v1"));
    assertThat(f.reached("undo-change")).isEmpty();
    assertThat(RunRecord.fold(journal.events()).phase()).isEqualTo(Phase.PAUSED_ON_FAILURE);
    assertJournal("""
        0s       RunStarted runId=run-1 plan=virtual targets=[a, b, c] allowedFailures=0
        0s       MetricMeasured a probe=errors query=errors{host="a"} value=1.0 sampleAt=+0s condition='< 100' verdict=passed reason='errors 1 < 100: passed'
        0s       PreflightChecked a passed
        0s       MetricMeasured b probe=errors query=errors{host="b"} value=1.0 sampleAt=+0s condition='< 100' verdict=passed reason='errors 1 < 100: passed'
        0s       PreflightChecked b passed
        0s       MetricMeasured c probe=errors query=errors{host="c"} value=1.0 sampleAt=+0s condition='< 100' verdict=passed reason='errors 1 < 100: passed'
        0s       PreflightChecked c passed
        0s       PreflightPassed targets=3
        0s       StageStarted stage=canary hosts=[a]
        0s       HostStateChanged a from=PENDING to=CHANGING
        0s       StepStarted a phase=change number=1 name=apply-change path=ssh
        0s       StepFinished a phase=change number=1 name=apply-change exitCode=0 duration=0s
        0s       HostStateChanged a from=CHANGING to=VERIFYING
        0s       StepStarted a phase=verify number=1 name=check-change path=ssh
        0s       StepFinished a phase=verify number=1 name=check-change exitCode=0 duration=0s
        0s       MetricMeasured a probe=errors query=errors{host="a"} value=1.0 sampleAt=+0s condition='< 100' verdict=passed reason='errors 1 < 100: passed'
        0s       HostStateChanged a from=VERIFYING to=CHANGED reason='verified; under probes until the run ends'
        0s       SoakStarted stage=canary duration=20s until=+20s
        0s       MetricMeasured a probe=errors query=errors{host="a"} value=5.0 sampleAt=+0s condition='< 100' verdict=passed reason='errors 5 < 100: passed'
        0s       MetricMeasured b probe=errors query=errors{host="b"} value=5.0 sampleAt=+0s condition='< 100' verdict=passed reason='errors 5 < 100: passed'
        0s       MetricMeasured c probe=errors query=errors{host="c"} value=5.0 sampleAt=+0s condition='< 100' verdict=passed reason='errors 5 < 100: passed'
        1s       HealthCounted checks=1 failures=0 hostsMonitored=1
        10s      MetricMeasured a probe=errors query=errors{host="a"} value=5.0 sampleAt=+10s condition='< 100' verdict=passed reason='errors 5 < 100: passed'
        10s      MetricMeasured b probe=errors query=errors{host="b"} value=5.0 sampleAt=+10s condition='< 100' verdict=passed reason='errors 5 < 100: passed'
        10s      MetricMeasured c probe=errors query=errors{host="c"} value=5.0 sampleAt=+10s condition='< 100' verdict=passed reason='errors 5 < 100: passed'
        10s      HealthCounted checks=1 failures=0 hostsMonitored=1
        20s      MetricMeasured a probe=errors query=errors{host="a"} value=5.0 sampleAt=+20s condition='< 100' verdict=passed reason='errors 5 < 100: passed'
        20s      MetricMeasured b probe=errors query=errors{host="b"} value=5.0 sampleAt=+20s condition='< 100' verdict=passed reason='errors 5 < 100: passed'
        20s      MetricMeasured c probe=errors query=errors{host="c"} value=5.0 sampleAt=+20s condition='< 100' verdict=passed reason='errors 5 < 100: passed'
        20s      HealthCounted checks=1 failures=0 hostsMonitored=1
        20s      SoakPassed stage=canary
        20s      AnalysisJudged stage=canary metric=errors method=ratio verdict=CONTROLS_MOVED_TOO canaries=[a] controls=[c, b] canaryPoints=3 controlPoints=6 canaryBefore=1.0 canaryDuring=5.0 controlBefore=1.0 controlDuring=5.0 sentence='errors: the control hosts moved too: not the change (canaries +4, controls +4, tolerance 1.5x)'
        20s      RunStopping reason='canary: errors: the control hosts moved too: not the change (canaries +4, controls +4, tolerance 1.5x)' pause
        20s      RunPaused stage=canary reason='canary: errors: the control hosts moved too: not the change (canaries +4, controls +4, tolerance 1.5x); nothing failed and no host is rolled back: promote goes on, abort rolls back'
        """);
  }

  @Test
  void aPromoteAfterABlipGoesOnAndTheLastWaveIsJudgedAgainstItsOwnPreChangeWindow()
      throws Exception {
    VirtualFleet f = fleet(plan("10s", "20s"));
    ApplyScenariosTest.whenSoakStarts(f, "canary", v -> fleetErrors = 5);
    f.engine(journal, Duration.ZERO).start(false);
    int paused = journal.events().size();
    fleetErrors = 1; // the blip is over

    Outcome o = f.engine(journal, Duration.ofMinutes(1)).promote("ops");

    assertThat(o).isEqualTo(Outcome.COMPLETED);
    assertThat(f.files).isEqualTo(Map.of("a", "v2", "b", "v2", "c", "v2"));
    assertThat(f.reached("undo-change")).isEmpty();
    assertThat(JournalText.from(journal.events(), paused)).isEqualTo("""
        1m20s    Promoted by=ops
        1m20s    MetricMeasured a probe=errors query=errors{host="a"} value=1.0 sampleAt=+1m20s condition='< 100' verdict=passed reason='errors 1 < 100: passed'
        1m20s    StageCompleted stage=canary
        1m20s    StageStarted stage='wave 1' hosts=[b]
        1m20s    HostStateChanged b from=PENDING to=CHANGING
        1m20s    StepStarted b phase=change number=1 name=apply-change path=ssh
        1m20s    StepFinished b phase=change number=1 name=apply-change exitCode=0 duration=0s
        1m20s    HostStateChanged b from=CHANGING to=VERIFYING
        1m20s    StepStarted b phase=verify number=1 name=check-change path=ssh
        1m20s    StepFinished b phase=verify number=1 name=check-change exitCode=0 duration=0s
        1m20s    MetricMeasured b probe=errors query=errors{host="b"} value=1.0 sampleAt=+1m20s condition='< 100' verdict=passed reason='errors 1 < 100: passed'
        1m20s    HostStateChanged b from=VERIFYING to=CHANGED reason='verified; under probes until the run ends'
        1m20s    SoakStarted stage='wave 1' duration=20s until=+1m40s
        1m20s    MetricMeasured a probe=errors query=errors{host="a"} value=1.0 sampleAt=+1m20s condition='< 100' verdict=passed reason='errors 1 < 100: passed'
        1m20s    MetricMeasured b probe=errors query=errors{host="b"} value=1.0 sampleAt=+1m20s condition='< 100' verdict=passed reason='errors 1 < 100: passed'
        1m20s    MetricMeasured c probe=errors query=errors{host="c"} value=1.0 sampleAt=+1m20s condition='< 100' verdict=passed reason='errors 1 < 100: passed'
        1m21s    HealthCounted checks=2 failures=0 hostsMonitored=2
        1m30s    MetricMeasured a probe=errors query=errors{host="a"} value=1.0 sampleAt=+1m30s condition='< 100' verdict=passed reason='errors 1 < 100: passed'
        1m30s    MetricMeasured b probe=errors query=errors{host="b"} value=1.0 sampleAt=+1m30s condition='< 100' verdict=passed reason='errors 1 < 100: passed'
        1m30s    MetricMeasured c probe=errors query=errors{host="c"} value=1.0 sampleAt=+1m30s condition='< 100' verdict=passed reason='errors 1 < 100: passed'
        1m30s    HealthCounted checks=2 failures=0 hostsMonitored=2
        1m40s    MetricMeasured a probe=errors query=errors{host="a"} value=1.0 sampleAt=+1m40s condition='< 100' verdict=passed reason='errors 1 < 100: passed'
        1m40s    MetricMeasured b probe=errors query=errors{host="b"} value=1.0 sampleAt=+1m40s condition='< 100' verdict=passed reason='errors 1 < 100: passed'
        1m40s    MetricMeasured c probe=errors query=errors{host="c"} value=1.0 sampleAt=+1m40s condition='< 100' verdict=passed reason='errors 1 < 100: passed'
        1m40s    HealthCounted checks=2 failures=0 hostsMonitored=2
        1m40s    SoakPassed stage='wave 1'
        1m40s    AnalysisJudged stage='wave 1' metric=errors method=ratio verdict=PASS canaries=[b] controls=[c] canaryPoints=3 controlPoints=3 canaryBefore=4.0 canaryDuring=1.0 controlBefore=4.0 controlDuring=1.0 sentence='errors: the canaries did not degrade beyond 1.5x their own pre-change value (canaries -3, controls -3, tolerance 1.5x)'
        1m40s    StageCompleted stage='wave 1'
        1m40s    StageStarted stage='wave 2' hosts=[c]
        1m40s    HostStateChanged c from=PENDING to=CHANGING
        1m40s    StepStarted c phase=change number=1 name=apply-change path=ssh
        1m40s    StepFinished c phase=change number=1 name=apply-change exitCode=0 duration=0s
        1m40s    HostStateChanged c from=CHANGING to=VERIFYING
        1m40s    StepStarted c phase=verify number=1 name=check-change path=ssh
        1m40s    StepFinished c phase=verify number=1 name=check-change exitCode=0 duration=0s
        1m40s    MetricMeasured c probe=errors query=errors{host="c"} value=1.0 sampleAt=+1m40s condition='< 100' verdict=passed reason='errors 1 < 100: passed'
        1m40s    HostStateChanged c from=VERIFYING to=CHANGED reason='verified; under probes until the run ends'
        1m40s    SoakStarted stage='wave 2' duration=20s until=+2m
        1m40s    MetricMeasured c probe=errors query=errors{host="c"} value=1.0 sampleAt=+1m40s condition='< 100' verdict=passed reason='errors 1 < 100: passed'
        1m41s    HealthCounted checks=1 failures=0 hostsMonitored=1
        1m50s    MetricMeasured a probe=errors query=errors{host="a"} value=1.0 sampleAt=+1m50s condition='< 100' verdict=passed reason='errors 1 < 100: passed'
        1m50s    MetricMeasured b probe=errors query=errors{host="b"} value=1.0 sampleAt=+1m50s condition='< 100' verdict=passed reason='errors 1 < 100: passed'
        1m50s    MetricMeasured c probe=errors query=errors{host="c"} value=1.0 sampleAt=+1m50s condition='< 100' verdict=passed reason='errors 1 < 100: passed'
        1m50s    HealthCounted checks=3 failures=0 hostsMonitored=3
        2m       MetricMeasured a probe=errors query=errors{host="a"} value=1.0 sampleAt=+2m condition='< 100' verdict=passed reason='errors 1 < 100: passed'
        2m       MetricMeasured b probe=errors query=errors{host="b"} value=1.0 sampleAt=+2m condition='< 100' verdict=passed reason='errors 1 < 100: passed'
        2m       MetricMeasured c probe=errors query=errors{host="c"} value=1.0 sampleAt=+2m condition='< 100' verdict=passed reason='errors 1 < 100: passed'
        2m       HealthCounted checks=3 failures=0 hostsMonitored=3
        2m       SoakPassed stage='wave 2'
        2m       AnalysisJudged stage='wave 2' metric=errors method=ratio verdict=PASS canaries=[c] canaryPoints=3 controlPoints=7 canaryBefore=2.7142857142857144 canaryDuring=1.0 sentence='errors: within 1.5x its pre-change value (-1.71429) (no controls left: compared with the same hosts' pre-change window)'
        2m       StageCompleted stage='wave 2'
        2m       RunEnded outcome=COMPLETED summary='3 host(s) changed and healthy'
        """);
  }

  @Test
  void anAbortAfterABlipRollsTheCanaryBack() throws Exception {
    VirtualFleet f = fleet(plan("10s", "20s"));
    ApplyScenariosTest.whenSoakStarts(f, "canary", v -> fleetErrors = 5);
    f.engine(journal, Duration.ZERO).start(false);
    int paused = journal.events().size();

    Outcome o = f.engine(journal, Duration.ofMinutes(1)).abort("ops");

    assertThat(o).isEqualTo(Outcome.ROLLED_BACK);
    assertThat(f.files).isEqualTo(Map.of("a", "v1", "b", "v1", "c", "v1"));
    assertThat(f.reached("apply-change")).containsExactly("a");
    assertThat(JournalText.from(journal.events(), paused)).isEqualTo("""
        1m20s    AbortRequested by=ops
        1m20s    RollbackStarted hosts=[a] reason='aborted by ops'
        1m20s    HostStateChanged a from=CHANGED to=ROLLING_BACK
        1m20s    StepStarted a phase=rollback number=1 name=undo-change path=ssh
        1m20s    StepFinished a phase=rollback number=1 name=undo-change exitCode=0 duration=0s
        1m20s    MetricMeasured a probe=errors query=errors{host="a"} value=5.0 sampleAt=+1m20s condition='< 100' verdict=passed reason='errors 5 < 100: passed'
        1m20s    HostStateChanged a from=ROLLING_BACK to=ROLLED_BACK reason='rollback steps done, probes healthy'
        1m20s    RollbackFinished rolledBack=[a]
        1m20s    RunEnded outcome=ROLLED_BACK summary='aborted by ops; rolled back: a'
        """);
  }

  @Test
  void withTwentyPointsASideMannWhitneyJudges() throws Exception {
    VirtualFleet f = fleet(plan("1s", "20s"), "a");

    Outcome o = f.engine(journal, Duration.ZERO).start(false);

    assertThat(o).isEqualTo(Outcome.ROLLED_BACK);
    assertThat(f.files).isEqualTo(Map.of("a", "v1", "b", "v1", "c", "v1"));
    AnalysisJudged j = judged().get(0);
    assertThat(j.method()).isEqualTo("Mann-Whitney U");
    assertThat(j.verdict()).isEqualTo(Verdict.CANARY_WORSE);
    assertThat(j.canaryPoints()).isGreaterThanOrEqualTo(20);
    assertThat(j.controlPoints()).isGreaterThanOrEqualTo(20);
    assertThat(JournalText.line(j, journal.events().get(0).at())).isEqualTo("20s      AnalysisJudged stage=canary metric=errors method='Mann-Whitney U' verdict=CANARY_WORSE canaries=[a] controls=[c, b] canaryPoints=21 controlPoints=42 canaryBefore=1.0 canaryDuring=5.0 controlBefore=1.0 controlDuring=1.0 sentence='errors: the canaries are worse than the controls (canaries +4, controls +0; p 0.0000 at confidence 0.98)'");
    assertThat(VirtualFleet.of(Event.HostFailed.class, journal.events()).get(0).reason())
        .isEqualTo("analysis of canary by Mann-Whitney U: errors: the canaries are worse than "
            + "the controls (canaries +4, controls +0; p 0.0000 at confidence 0.98)");
  }

  @Test
  void theLastWaveWithoutControlsIsComparedWithItsOwnPreChangeWindow() throws Exception {
    VirtualFleet f = fleet(plan("10s", "20s"), "c");

    Outcome o = f.engine(journal, Duration.ZERO).start(false);

    assertThat(o).isEqualTo(Outcome.ROLLED_BACK);
    assertThat(f.files).isEqualTo(Map.of("a", "v1", "b", "v1", "c", "v1"));
    assertThat(judged()).extracting(AnalysisJudged::stage, AnalysisJudged::verdict)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("canary", Verdict.PASS),
            org.assertj.core.groups.Tuple.tuple("wave 1", Verdict.PASS),
            org.assertj.core.groups.Tuple.tuple("wave 2", Verdict.CANARY_WORSE));
    AnalysisJudged last = judged().get(2);
    assertThat(last.controls()).isEmpty();
    assertThat(JournalText.line(last, journal.events().get(0).at())).isEqualTo("1m       AnalysisJudged stage='wave 2' metric=errors method=ratio verdict=CANARY_WORSE canaries=[c] canaryPoints=3 controlPoints=7 canaryBefore=1.0 canaryDuring=5.0 sentence='errors: degraded beyond 1.5x its pre-change value (+4) (no controls left: compared with the same hosts' pre-change window)'");
  }

  @Test
  void aControllerTakingTheRunUpAtAnyEventOfTheCanarySoakDecidesTheSame() throws Exception {
    VirtualFleet first = fleet(plan("10s", "20s"));
    ApplyScenariosTest.whenSoakStarts(first, "canary", v -> fleetErrors = 5);
    first.engine(journal, Duration.ZERO).start(false);
    List<Event> whole = journal.events();
    int soak = whole.indexOf(VirtualFleet.of(Event.SoakStarted.class, whole).get(0));
    AnalysisJudged verdict = judged().get(0);

    for (int n = soak + 1; n < whole.size(); n++) {
      MemoryJournal j = VirtualFleet.cut(whole, n);
      VirtualFleet f = fleet(plan("10s", "20s"));

      Outcome o = f.engine(j, Duration.ofMinutes(1)).resume("test", "");

      String what = "taken up after event " + n + " (" + whole.get(n - 1).describe() + ")";
      assertThat(o).as(what).isEqualTo(Outcome.PAUSED_ON_FAILURE);
      assertThat(f.reached("undo-change")).as(what).isEmpty();
      List<AnalysisJudged> again = VirtualFleet.of(AnalysisJudged.class, j.events());
      assertThat(again).as(what).hasSize(1);
      assertThat(again.get(0).verdict()).as(what).isEqualTo(verdict.verdict());
      assertThat(again.get(0).method()).as(what).isEqualTo(verdict.method());
    }
  }
}
