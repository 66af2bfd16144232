package dev.rollout.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollout.plan.PlanFiles;
import dev.rollout.plan.ResolvedPlan;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A host's sudo password is a secret of the run: masked in whatever the engine lets out. */
class MaskerSudoPasswordTest {

  @Test
  void masksTheSudoPasswordOfTargetsAndOfTheHostsTheyAreReachedThrough() throws Exception {
    String inventory = """
        hosts:
          node-a: { address: 127.0.0.2, become: true, becomePasswordEnv: NODE_SUDO }
          web-1:
            container: { host: node-a, wrap: docker exec web-1 }
        """;
    String plan = """
        name: p
        targets: [web-1]
        change:
          - run: "true"
        rollback:
          - run: "true"
        """;
    ResolvedPlan rp = new PlanFiles(Map.of("NODE_SUDO", "n0de-pw")::get).load("plan.yml",
        plan.getBytes(StandardCharsets.UTF_8), "inventory.yml",
        inventory.getBytes(StandardCharsets.UTF_8)).plan();

    Masker masker = Masker.of(rp);

    assertThat(masker.mask("sudo said: n0de-pw?")).isEqualTo("sudo said: ****?");
    assertThat(Masker.ofProcess().mask("n0de-pw")).isEqualTo("****");
  }
}
