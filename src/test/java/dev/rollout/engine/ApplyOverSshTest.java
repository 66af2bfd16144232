package dev.rollout.engine;

import static dev.rollout.engine.FleetRun.STEPS;
import static dev.rollout.engine.FleetRun.count;
import static dev.rollout.engine.FleetRun.read;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rollout.engine.Event.HostFailed;
import dev.rollout.engine.Event.SoakStarted;
import dev.rollout.engine.Event.StageStarted;
import dev.rollout.testfleet.TestFleet;
import dev.rollout.testfleet.TestHost;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The rollout over real SSH (in-process MINA sshd hosts): canary, soak, waves, rollback. */
class ApplyOverSshTest {

  @RegisterExtension final TestFleet fleet = TestFleet.withHosts(4);
  @TempDir Path dir;
  FleetRun run;

  @BeforeEach
  void setUp() {
    run = new FleetRun(fleet, dir);
  }

  @AfterEach
  void tearDown() {
    run.close();
  }

  static String plan(String strategy) {
    return "name: test\ntargets: all\nstrategy:\n" + strategy.indent(2) + STEPS;
  }

  static final String QUICK = """
      canary: 1
      soak: 300ms
      waves: [1, 100%]
      waveSoak: 100ms
      maxParallel: 2
      """;

  @Test
  void changesEveryHostWhenAllIsHealthy() {
    Outcome o = run.run(plan(QUICK));

    assertThat(o).isEqualTo(Outcome.COMPLETED);
    for (TestHost h : fleet.hosts()) {
      assertThat(read(h, "config")).as(h.name()).isEqualTo("v2");
      assertThat(count(h, "change-count")).as(h.name()).isEqualTo(1);
      assertThat(count(h, "rollback-count")).as(h.name()).isZero();
    }
    assertThat(run.state().in(HostState.CHANGED)).hasSize(4);
    assertThat(run.events()).filteredOn(StageStarted.class::isInstance).extracting(
        e -> ((StageStarted) e).stage()).containsExactly("canary", "wave 1", "wave 2");
  }

  @Test
  void rollsBackTheCanaryAndTouchesNoOtherHostWhenItsVerifyFails() {
    Outcome o = run.run(plan(QUICK).replace("grep -qx v2 config", "grep -qx v3 config"));

    assertThat(o).isEqualTo(Outcome.ROLLED_BACK);
    TestHost canary = fleet.host(1);
    assertThat(read(canary, "config")).isEqualTo("v1");
    assertThat(count(canary, "rollback-count")).isEqualTo(1);
    assertThat(run.state().state("host-1")).isEqualTo(HostState.ROLLED_BACK);
    for (TestHost h : fleet.hosts().subList(1, 4)) {
      assertThat(count(h, "change-count")).as(h.name()).isZero();
      assertThat(run.state().state(h.name())).isEqualTo(HostState.PENDING);
    }
    assertThat(run.events()).filteredOn(HostFailed.class::isInstance).singleElement()
        .extracting(e -> ((HostFailed) e).failure()).isEqualTo(FailureClass.VERIFY_FAILED);
  }

  @Test
  void rollsBackTheCanaryWhenItTurnsUnhealthyDuringItsSoak() {
    CompletableFuture<Outcome> o = run.start(plan(QUICK.replace("soak: 300ms", "soak: 30s")));
    run.awaitEvent(e -> e instanceof SoakStarted s && s.stage().equals("canary"));
    fleet.host(1).setHealthy(false);
    run.awaitEvent(e -> e instanceof HostFailed);
    fleet.host(1).setHealthy(true);

    assertThat(o.join()).isEqualTo(Outcome.ROLLED_BACK);
    assertThat(read(fleet.host(1), "config")).isEqualTo("v1");
    assertThat(count(fleet.host(2), "change-count")).isZero();
    assertThat(run.events()).filteredOn(HostFailed.class::isInstance).singleElement()
        .extracting(e -> ((HostFailed) e).failure()).isEqualTo(FailureClass.UNHEALTHY);
  }

  @Test
  void rollsBackEveryChangedHostWhenTheCanaryFailsDuringALaterWave() {
    String strategy = QUICK.replace("waveSoak: 100ms", "waveSoak: 30s")
        + "rollbackScope: changed\n";
    CompletableFuture<Outcome> o = run.start(plan(strategy));
    run.awaitEvent(e -> e instanceof SoakStarted s && s.stage().equals("wave 1"));
    fleet.host(1).sandbox().resolve("broken").toFile().mkdir();
    run.awaitEvent(e -> e instanceof HostFailed);
    fleet.host(1).sandbox().resolve("broken").toFile().delete();

    assertThat(o.join()).isEqualTo(Outcome.ROLLED_BACK);
    assertThat(read(fleet.host(1), "config")).isEqualTo("v1");
    assertThat(read(fleet.host(2), "config")).isEqualTo("v1");
    assertThat(count(fleet.host(2), "rollback-count")).isEqualTo(1);
    assertThat(count(fleet.host(3), "change-count")).isZero();
    assertThat(run.state().in(HostState.ROLLED_BACK)).containsExactly("host-1", "host-2");
  }

  @Test
  void refusesTheRunAndChangesNothingWhenAHostIsUnreachableInPreflight() {
    fleet.host(3).stop();

    Outcome o = run.run(plan(QUICK));

    assertThat(o).isEqualTo(Outcome.PREFLIGHT_REFUSED);
    fleet.hosts().forEach(h -> assertThat(count(h, "change-count")).as(h.name()).isZero());
    assertThat(run.events()).anyMatch(e -> e instanceof Event.PreflightChecked p
        && p.host().equals("host-3") && !p.passed() && p.reason().contains("unreachable"));
  }

  @Test
  void refusesTheRunWhenAHostIsUnhealthyBeforeAnyChange() {
    fleet.host(2).setHealthy(false);

    Outcome o = run.run(plan(QUICK));

    assertThat(o).isEqualTo(Outcome.PREFLIGHT_REFUSED);
    fleet.hosts().forEach(h -> assertThat(count(h, "change-count")).as(h.name()).isZero());
    assertThat(run.events()).anyMatch(e -> e instanceof Event.PreflightChecked p
        && p.host().equals("host-2") && p.reason().contains("unhealthy before any change"));
  }

  @Test
  void needsAttentionAndNamesTheHostWhenARollbackStepFails() {
    String p = plan(QUICK).replace("grep -qx v2 config", "false")
        .replace("cp config.bak config && echo x >> rollback-count", "exit 7");

    Outcome o = run.run(p);

    assertThat(o).isEqualTo(Outcome.NEEDS_ATTENTION);
    assertThat(run.state().in(HostState.ROLLBACK_FAILED)).containsExactly("host-1");
    assertThat(run.events()).last().satisfies(e ->
        assertThat(e.describe()).contains("rollback failed on host-1"));
  }

  @Test
  void refusesAChangedHostKeyBeforeAnyCommandRuns() {
    fleet.host(2).rotateHostKey();

    Outcome o = run.run(plan(QUICK));

    assertThat(o).isEqualTo(Outcome.PREFLIGHT_REFUSED);
    assertThat(fleet.host(2).commandLog()).isEmpty();
    fleet.hosts().forEach(h -> assertThat(count(h, "change-count")).as(h.name()).isZero());
    assertThat(run.events()).anyMatch(e -> e instanceof Event.PreflightChecked c
        && c.host().equals("host-2") && c.reason().contains("CHANGED"));
  }

  @Test
  void goesOnThroughASingleProbeBlipBelowUnhealthyAfter() {
    String p = plan(QUICK.replace("soak: 300ms", "soak: 2s"))
        .replace("  probes:\n", "  probes:\n    - name: one blip\n"
            + "      ssh: if [ -d blip ]; then rmdir blip; exit 1; fi\n");
    CompletableFuture<Outcome> o = run.start(p);
    run.awaitEvent(e -> e instanceof SoakStarted s && s.stage().equals("canary"));
    fleet.host(1).sandbox().resolve("blip").toFile().mkdir();

    assertThat(o.join()).isEqualTo(Outcome.COMPLETED);
    assertThat(fleet.host(1).sandbox().resolve("blip")).doesNotExist();
    assertThat(run.events()).noneMatch(e -> e instanceof Event.HealthChanged);
  }

  @Test
  void rehearsesTheCanaryRollbackOnceAndEndsWithTheChangeInPlace() {
    Outcome o = run.run(plan(QUICK + "rehearseRollback: true\n"));

    assertThat(o).isEqualTo(Outcome.COMPLETED);
    assertThat(count(fleet.host(1), "rollback-count")).isEqualTo(1);
    assertThat(count(fleet.host(1), "change-count")).isEqualTo(2);
    assertThat(read(fleet.host(1), "config")).isEqualTo("v2");
    assertThat(count(fleet.host(2), "rollback-count")).isZero();
  }

  @Test
  void rollsBackAHostThatFailsDuringTheWatch() {
    CompletableFuture<Outcome> o = run.start(plan(QUICK + "watch: 30s\n"));
    run.awaitEvent(e -> e instanceof SoakStarted s && s.stage().equals("watch"));
    fleet.host(3).setHealthy(false);
    run.awaitEvent(e -> e instanceof HostFailed);
    fleet.host(3).setHealthy(true);

    assertThat(o.join()).isEqualTo(Outcome.ROLLED_BACK);
    fleet.hosts().forEach(h -> assertThat(read(h, "config")).as(h.name()).isEqualTo("v1"));
    assertThat(run.state().in(HostState.ROLLED_BACK)).hasSize(4);
  }

  @Test
  void reportsAHostThatBecomesUnreachableAfterItsChangeAsUnreachable() {
    CompletableFuture<Outcome> o = run.start(plan(QUICK.replace("soak: 300ms", "soak: 30s")));
    run.awaitEvent(e -> e instanceof SoakStarted s && s.stage().equals("canary"));
    fleet.host(1).stop();

    // Without a console path an unreachable host cannot be rolled back: a person must look.
    assertThat(o.join()).isEqualTo(Outcome.NEEDS_ATTENTION);
    assertThat(run.events()).filteredOn(HostFailed.class::isInstance).singleElement()
        .extracting(e -> ((HostFailed) e).failure()).isEqualTo(FailureClass.UNREACHABLE);
    assertThat(run.state().in(HostState.ROLLBACK_FAILED)).containsExactly("host-1");
    assertThat(count(fleet.host(2), "change-count")).isZero();
  }
}
