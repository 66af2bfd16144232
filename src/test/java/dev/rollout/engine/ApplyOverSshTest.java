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

/**
 * The engine's wiring over real SSH (in-process MINA sshd hosts): steps really run in the
 * hosts' directories, HTTP and SSH probes reach them, a changed host key and a host that dies are
 * told apart as the transport reports them. The scenarios themselves, with their whole journals,
 * run on virtual time in {@link ApplyScenariosTest}; over real OpenSSH, see {@link
 * EngineOverOpenSshTest}.
 */
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
  void refusesTheRunAndChangesNothingWhenAHostIsUnreachableInPreflight() {
    fleet.host(3).stop();

    Outcome o = run.run(plan(QUICK));

    assertThat(o).isEqualTo(Outcome.PREFLIGHT_REFUSED);
    fleet.hosts().forEach(h -> assertThat(count(h, "change-count")).as(h.name()).isZero());
    assertThat(run.events()).anyMatch(e -> e instanceof Event.PreflightChecked p
        && p.host().equals("host-3") && !p.passed() && p.reason().contains("unreachable"));
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
