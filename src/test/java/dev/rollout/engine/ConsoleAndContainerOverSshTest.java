package dev.rollout.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rollout.testfleet.TestFleet;
import dev.rollout.testfleet.TestHost;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The wiring of the out-of-band path and container targets over real SSH; the scenarios, with
 * their whole journals, run on virtual time in {@link ConsoleAndContainerTest}. A console or container here is reached through
 * another fleet host with {@code env -C DIR} as its wrap, so that {@code WRAP sh -c '<command>'}
 * runs in the target's own directory, as {@code pct exec 101 --} runs in the container.
 */
class ConsoleAndContainerOverSshTest {

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

  static final String CONTAINER_STEPS = """
      change:
        - run: cp config config.bak
        - run: echo v2 > config
      verify:
        - run: grep -qx v3 config
      rollback:
        - run: if [ -e config.bak ]; then cp config.bak config; fi; echo x >> rollback-count
      health:
        interval: 100ms
        unhealthyAfter: 2
        probes:
          - name: shell answers
            ssh: "true"
      """;

  @Test
  void rollsBackACanaryWhoseSshDiedThroughItsConsole() {
    run.baselinePause(Duration.ofMillis(500)).hostExtras(Map.of("host-1",
        "console: { host: host-4, wrap: env -C " + fleet.host(1).sandbox() + " }"));
    String plan = "name: console\ntargets: [host-1, host-2]\nstrategy: {canary: 1, soak: 30s}\n"
        + FleetRun.STEPS.replace("unhealthyAfter: 2", "unhealthyAfter: 3");
    CompletableFuture<Outcome> o = run.start(plan);
    run.awaitEvent(e -> e instanceof Event.SoakStarted);
    fleet.host(1).stop();
    await().pollInterval(Duration.ofMillis(5)).atMost(Duration.ofSeconds(30))
        .until(() -> run.events().stream().anyMatch(Event.ConsoleUsed.class::isInstance));
    fleet.host(1).start();

    assertThat(o.join()).isEqualTo(Outcome.ROLLED_BACK);
    assertThat(FleetRun.read(fleet.host(1), "config")).isEqualTo("v1");
    assertThat(run.events()).anyMatch(e -> e instanceof Event.StepStarted s
        && s.host().equals("host-1") && s.phase().equals("rollback") && s.path().equals("console"));
    assertThat(fleet.host(4).commandLog()).anyMatch(c -> c.contains("cp config.bak config"));
    assertThat(run.state().state("host-1")).isEqualTo(HostState.ROLLED_BACK);
    assertThat(FleetRun.count(fleet.host(2), "change-count")).isZero();
  }

  @Test
  void changesAndRollsBackContainersEntirelyThroughTheirHost() throws IOException {
    Path c1 = container("web-c1");
    Path c2 = container("web-c2");
    run.inventoryTail("web-c1: { container: { host: host-2, wrap: env -C " + c1 + " } }\n"
        + "web-c2: { container: { host: host-2, wrap: env -C " + c2 + " } }\n");
    String plan = "name: containers\ntargets: [web-c1, web-c2]\n"
        + "strategy: {canary: 0, waves: [100%], maxParallel: 2}\n" + CONTAINER_STEPS;

    Outcome o = run.run(plan);

    assertThat(o).isEqualTo(Outcome.ROLLED_BACK);
    assertThat(Files.readString(c1.resolve("config"))).isEqualTo("v1\n");
    assertThat(Files.readString(c2.resolve("config"))).isEqualTo("v1\n");
    assertThat(Files.readString(c1.resolve("rollback-count"))).isEqualTo("x\n");
    assertThat(fleet.host(2).connectionCount()).isEqualTo(1);
    assertThat(fleet.host(2).commandLog()).anyMatch(c -> c.contains(c1.toString()));
    assertThat(fleet.host(1).commandLog()).isEmpty();
  }

  @Test
  void takesASnapshotFromTheConsoleHostAndRollsBackToIt() throws IOException {
    Path snaps = Files.createDirectories(dir.resolve("snaps"));
    run.hostExtras(Map.of("host-1", "console: { host: host-4, wrap: env -C "
        + fleet.host(1).sandbox() + " }"));
    String plan = """
        name: snapshot
        targets: [host-1]
        vars: { fleet: "%s", snaps: "%s" }
        rollbackCheck:
          - on: consoleHost
            run: test -w ${vars.snaps}
        change:
          - name: snapshot from outside
            on: consoleHost
            run: cp -a ${vars.fleet}/${host.name} ${vars.snaps}/${host.name}
          - run: echo v2 > config
        verify:
          - run: grep -qx v3 config
        rollback:
          - name: back to the snapshot
            on: consoleHost
            run: cp ${vars.snaps}/${host.name}/config ${vars.fleet}/${host.name}/config
        """.formatted(fleet.host(1).sandbox().getParent(), snaps);

    Outcome o = run.run(plan);

    assertThat(o).isEqualTo(Outcome.ROLLED_BACK);
    assertThat(FleetRun.read(fleet.host(1), "config")).isEqualTo("v1");
    assertThat(snaps.resolve("host-1/config")).hasContent("v1");
    assertThat(run.events()).filteredOn(Event.StepStarted.class::isInstance)
        .map(e -> (Event.StepStarted) e).filteredOn(s -> !s.phase().equals("preflight"))
        .extracting(s -> s.phase() + "@" + s.path())
        .containsExactly("rollbackCheck@consoleHost", "change@consoleHost", "change@ssh",
            "verify@ssh", "rollback@consoleHost");
    assertThat(fleet.host(4).commandLog()).anyMatch(c -> c.contains("cp -a"));
  }

  @Test
  void aHostileWrapCannotInjectACommand() throws IOException {
    Path c1 = container("web-c1");
    run.inventoryTail("web-c1: { container: { host: host-2, wrap: \"env -C " + c1
        + " ';' touch pwned-by-wrap ';'\" } }\n");
    String plan = "name: hostile\ntargets: [web-c1]\nstrategy: {canary: 1}\n" + CONTAINER_STEPS;

    Outcome o = run.run(plan);

    assertThat(o).isEqualTo(Outcome.PREFLIGHT_REFUSED);
    for (TestHost h : fleet.hosts()) {
      assertThat(h.sandbox().resolve("pwned-by-wrap")).doesNotExist();
    }
    assertThat(c1.resolve("pwned-by-wrap")).doesNotExist();
  }

  private Path container(String name) throws IOException {
    Path c = Files.createDirectories(dir.resolve(name));
    Files.writeString(c.resolve("config"), "v1\n");
    return c;
  }
}
