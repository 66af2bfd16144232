package dev.rollout.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rollout plan} shows a container's and a console's commands fully wrapped. */
class PlanPreviewWrapTest {

  @TempDir Path dir;

  @Test
  void showsEachContainerCommandAsItsCarrierRunsIt() throws IOException {
    Cli r = plan("""
        hosts:
          node-a: { address: 127.0.0.2 }
          web-1:
            container: { host: node-a, wrap: "docker exec -e NAME='my box' web-1" }
        """, "[web-1]");

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("all hosts: 'docker' 'exec' '-e' 'NAME=my box' 'web-1' sh -c"
        + " 'touch /tmp/x'");
  }

  @Test
  void showsHowCommandsRunOverAConsole() throws IOException {
    Cli r = plan("""
        hosts:
          hv: { address: 127.0.0.2 }
          vm:
            address: 127.0.0.3
            console: { host: hv, wrap: pct exec 101 -- }
        """, "[vm]");

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("console: pct exec 101 -- @ hv",
        "console commands run as: 'pct' 'exec' '101' '--' sh -c '<command>'");
  }

  @Test
  void refusesAShDashCWrapWithExitTwoAndItsPosition() throws IOException {
    Cli r = plan("""
        hosts:
          node-a: { address: 127.0.0.2 }
          web-1:
            container: { host: node-a, wrap: sh -c }
        """, "[web-1]");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("inventory.yml:4:38", "container.wrap \"sh -c\"")
        .doesNotContain("Exception", "\tat ");
  }

  private Cli plan(String inventory, String targets) throws IOException {
    Path inv = Files.writeString(dir.resolve("inventory.yml"), inventory);
    Path plan = Files.writeString(dir.resolve("plan.yml"), """
        name: wraps
        targets: %s
        strategy: { canary: 1 }
        change:
          - run: touch /tmp/x
        rollback:
          - run: rm -f /tmp/x
        """.formatted(targets));
    return Cli.run("plan", plan.toString(), "-i", inv.toString());
  }
}
