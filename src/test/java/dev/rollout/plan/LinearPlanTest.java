package dev.rollout.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollout.plan.Preview.Stage;
import dev.rollout.plan.Preview.StageHost;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loading, checking and previewing a plan costs its hosts, not hosts squared (issue 20): the hosts
 * visited by target resolution, wave planning and the preview are counted for 500 and 5,000 hosts
 * behind one bastion, in one group with settings, spread over 40 racks, with named canaries and
 * waves of 100 (a size that repeats, so there are many waves). Counted, not timed; 5,000 rather
 * than 10,000 hosts keeps it near a second of CI (bench/linear.sh measures 10,000 and 20,000).
 */
class LinearPlanTest {

  @TempDir Path dir;

  @Test
  void tenTimesTheHostsCostTenTimesTheVisits() throws Exception {
    long small = visits(500);
    long large = visits(5_000);

    assertThat((double) large / small).isBetween(9.0, 11.0);
    assertThat(large).isLessThan(10L * 5_000);
  }

  private long visits(int hosts) throws Exception {
    Path d = Files.createDirectories(dir.resolve("n" + hosts));
    Files.writeString(d.resolve("id"), "not read by a preview\n");
    Files.writeString(d.resolve("known_hosts"), "");
    Files.writeString(d.resolve("inventory.yml"), inventory(hosts));
    Files.writeString(d.resolve("plan.yml"), PLAN);
    LongAdder visits = new LongAdder();

    PlanFiles.Loaded loaded = new PlanFiles(name -> null, "none", visits)
        .load(d.resolve("plan.yml"), d.resolve("inventory.yml"));
    Preview preview = new Previewer(loaded.plan(), visits).preview(loaded.hash());

    assertThat(preview.stages().get(0).hosts()).extracting(StageHost::name)
        .containsExactly("n00002", "n00003");
    List<String> all = preview.stages().stream().flatMap(s -> s.hosts().stream())
        .map(StageHost::name).toList();
    assertThat(all).hasSize(hosts).doesNotHaveDuplicates();
    assertThat(preview.stages()).hasSize(1 + 1 + (hosts - 3 + 99) / 100);
    assertThat(preview.stages().get(1).hosts()).hasSize(1);
    StageHost last = preview.stages().get(preview.stages().size() - 1).hosts().get(0);
    assertThat(last.via()).containsExactly("bastion");
    assertThat(preview.stages().stream().map(Stage::name)).startsWith("canary", "wave 1");
    return visits.sum();
  }

  private static String inventory(int hosts) {
    StringBuilder b = new StringBuilder("""
        defaults:
          user: root
          identity: id
          knownHosts: known_hosts
        hosts:
          bastion: { address: 10.255.255.254 }
        """);
    for (int i = 1; i <= hosts; i++) {
      b.append(String.format("  n%05d: { address: 10.%d.%d.%d, via: bastion, labels: { rack: r%02d"
          + " }, vars: { root: /srv/n%05d } }%n", i, i / 65536, i / 256 % 256, i % 256, i % 40, i));
    }
    b.append("groups:\n  app:\n    user: deploy\n    hosts:\n");
    for (int i = 1; i <= hosts; i++) {
      b.append(String.format("      - n%05d%n", i));
    }
    return b.toString();
  }

  private static final String PLAN = """
      name: big
      targets: app
      strategy:
        canary: [n00003, n00002]
        spreadBy: rack
        waves: [1, 100]
        maxParallel: 10
      change:
        - run: echo mode=new > ${vars.root}/app.conf
      verify:
        - run: grep -qx mode=new ${vars.root}/app.conf
      rollback:
        - run: echo mode=old > ${vars.root}/app.conf
      health:
        interval: 30s
        probes:
          - name: health
            http: "http://${host.address}:8080/health"
      """;
}
