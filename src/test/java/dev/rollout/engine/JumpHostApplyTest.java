package dev.rollout.engine;

import static dev.rollout.engine.FleetRun.read;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rollout.testfleet.TestFleet;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Hosts reached through a chain of jump hosts ({@code via}). */
class JumpHostApplyTest {

  @RegisterExtension final TestFleet fleet = TestFleet.withHosts(3);
  @TempDir Path dir;

  @Test
  void changesAHostReachedThroughAChainOfTwoJumpHosts() {
    try (FleetRun run = new FleetRun(fleet, dir)) {
      run.hostExtras(Map.of("host-3", "via: host-2", "host-2", "via: host-1"));
      String plan = "name: jump\ntargets: [host-3]\nstrategy: {canary: 1, soak: 100ms}\n"
          + FleetRun.STEPS;

      Outcome o = run.run(plan);

      assertThat(o).isEqualTo(Outcome.COMPLETED);
      assertThat(read(fleet.host(3), "config")).isEqualTo("v2");
      assertThat(read(fleet.host(2), "config")).isEqualTo("v1");
      assertThat(fleet.host(2).commandLog()).isEmpty();
      assertThat(fleet.host(1).commandLog()).isEmpty();
      assertThat(fleet.host(1).connectionCount()).isEqualTo(1);
    }
  }
}
