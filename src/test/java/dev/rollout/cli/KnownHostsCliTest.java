package dev.rollout.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollout.testfleet.FleetInventory;
import dev.rollout.testfleet.TestFleet;
import dev.rollout.testfleet.TestHost;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A knownHosts that is not a regular file, end to end: preflight refuses the run (exit 6) with
 * the reason, on every run, and no host is asked to run anything.
 */
class KnownHostsCliTest {

  @RegisterExtension final TestFleet fleet = TestFleet.withHosts(1);
  @TempDir Path dir;

  @Test
  void acceptNewWithDevNullNeverTrustsTheHostAndSaysWhy() throws IOException {
    TestHost host = fleet.host(1);
    Files.writeString(host.sandbox().resolve("config"), "v1\n");
    Path inventory = Files.writeString(dir.resolve("inventory.yml"), FleetInventory
        .yaml(fleet, Map.of()).replace("  knownHosts: " + fleet.knownHosts() + "\n",
            "  knownHosts: /dev/null\n  hostKeys: accept-new\n"));
    Path plan = Files.writeString(dir.resolve("plan.yml"), """
        name: keys
        targets: [host-1]
        strategy: {canary: 1, soak: 1s, waves: [100%], onFailure: halt}
        change:
          - run: echo v2 > config
        """);

    for (int run = 1; run <= 2; run++) {
      Cli r = Cli.run("apply", plan.toString(), "-i", inventory.toString(), "--yes");
      assertThat(r.code()).as("run %d; stderr:%n%s", run, r.err()).isEqualTo(6);
      assertThat(r.err()).contains("/dev/null", "not a regular file")
          .doesNotContain("internal error", "Exception");
    }
    assertThat(host.commandLog()).isEmpty();
    assertThat(host.sandbox().resolve("config")).hasContent("v1");
  }
}
