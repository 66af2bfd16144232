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
import org.junit.jupiter.api.Test;

/**
 * A wave's decisions cost its events, not its events times its hosts (issue 20): while hosts are
 * in flight the engine asks, on every event, whether something cannot wait (a host to fail, a
 * stop); that used to walk every host (and build the wave's list of pending hosts), so a
 * 1,000-host run spent a quarter of its CPU there. Counted, not timed: the hosts the live record
 * walked, per host of the run, stay the same from 200 to 1,000 hosts.
 */
class LinearWaveTest {

  @Test
  void theLiveRecordIsWalkedAboutAsMuchPerHostAtAThousandHostsAsAtTwoHundred() throws Exception {
    double small = walkedPerHost(200);
    double large = walkedPerHost(1_000);

    // a walk of every host per event would make the large run's figure five times the small's
    assertThat(large).as("hosts walked per host: %s at 200 hosts, %s at 1,000", small, large)
        .isLessThan(small * 1.25);
    assertThat(small).as("hosts walked per host at 200 hosts").isLessThan(40);
  }

  @Test
  void aFailureInFlightStillStopsTheWaveAtOnceAndTheRunIsRolledBack() throws Exception {
    ManualScheduledExecutor time =
        new ManualScheduledExecutor(Instant.parse("2026-11-25T00:00:00Z"));
    MemoryJournal journal = new MemoryJournal();
    FakeTransport transport = new FakeTransport((host, command) ->
        command.equals("check-change") && host.equals("h0150") ? 1 : 0);
    ResolvedPlan rp = plan(300, 0);
    Engine engine = new Engine("run-1", rp, new Fleet(transport, rp, Path.of(".")), journal,
        List.of(), new Engine.Settings(time.clock(), time::advance, time,
        Duration.ofSeconds(2)), null);

    Outcome o = engine.start(false);

    assertThat(o).isEqualTo(Outcome.ROLLED_BACK);
    RunRecord r = RunRecord.fold(journal.events());
    assertThat(r.hosts().get("h0150")).isEqualTo(HostState.ROLLED_BACK);
    assertThat(r.in(HostState.PENDING)).isNotEmpty(); // the stop came before the wave's end
  }

  private static double walkedPerHost(int n) throws Exception {
    ManualScheduledExecutor time =
        new ManualScheduledExecutor(Instant.parse("2026-11-25T00:00:00Z"));
    MemoryJournal journal = new MemoryJournal();
    ResolvedPlan rp = plan(n, 0);
    Engine engine = new Engine("run-1", rp, new Fleet(new FakeTransport((h, c) -> 0), rp,
        Path.of(".")), journal, List.of(), new Engine.Settings(time.clock(), time::advance,
        time, Duration.ofSeconds(2)), null);

    assertThat(engine.start(false)).isEqualTo(Outcome.COMPLETED);

    long visits = engine.state().read(RunRecord::visits);
    return (visits - journal.events().size()) / (double) n;
  }

  private static ResolvedPlan plan(int n, int maxFailures) throws Exception {
    StringBuilder inventory = new StringBuilder("hosts:\n");
    StringBuilder all = new StringBuilder();
    for (int i = 1; i <= n; i++) {
      String h = String.format("h%04d", i);
      inventory.append("  ").append(h).append(": { address: 127.0.0.2 }\n");
      all.append(i == 1 ? "" : ", ").append(h);
    }
    inventory.append("groups:\n  all: [").append(all).append("]\n");
    String plan = """
        name: wide
        targets: all
        strategy: { canary: 1, soak: 0s, waves: [10%%, 50%%, 100%%], maxParallel: 10,
                    maxFailures: %d }
        change: [ "apply-change", "apply-more" ]
        verify: [ "check-change" ]
        rollback: [ "undo-change" ]
        """.formatted(maxFailures);
    return new PlanFiles(x -> null).load("plan.yml", plan.getBytes(StandardCharsets.UTF_8),
        "inventory.yml", inventory.toString().getBytes(StandardCharsets.UTF_8)).plan();
  }
}
