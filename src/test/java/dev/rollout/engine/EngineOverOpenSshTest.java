package dev.rollout.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rollout.plan.PlanFiles;
import dev.rollout.probe.Sleeper;
import dev.rollout.testfleet.OpenSshServer;
import dev.rollout.transport.ssh.SshTransport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine's wiring over the real OpenSSH server (Debian's sshd, on 127.0.158.x): steps and
 * probes reach the hosts, a console path and a container wrap run on their carrier, and a host
 * whose sshd dies is rolled back through its console. The scenarios, with their whole journals,
 * run on virtual time in {@link ApplyScenariosTest} and {@link ConsoleAndContainerTest}.
 */
class EngineOverOpenSshTest {

  @TempDir Path dir;
  OpenSshServer web1;
  OpenSshServer web2;
  Path key;
  Path knownHosts;
  final MemoryJournal journal = new MemoryJournal();
  final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);

  @BeforeEach
  void startServers() throws Exception {
    Assumptions.assumeTrue(OpenSshServer.available(),
        "OpenSSH is not installed (apt-get install openssh-server): " + OpenSshServer.SSHD);
    web1 = OpenSshServer.start(dir.resolve("sshd-1"), "127.0.158.1");
    web2 = OpenSshServer.start(dir.resolve("sshd-2"), "127.0.158.2");
    key = OpenSshServer.keygen(dir.resolve("id_ed25519"), "ed25519");
    web1.authorize(Path.of(key + ".pub"));
    web2.authorize(Path.of(key + ".pub"));
    List<String> lines = new ArrayList<>(web1.keyscan());
    lines.addAll(web2.keyscan());
    knownHosts = Files.write(dir.resolve("known_hosts"), lines);
    for (String h : List.of("web-1", "web-2", "box")) {
      Files.writeString(Files.createDirectories(dir.resolve("hosts/" + h)).resolve("config"),
          "v1\n");
    }
  }

  @AfterEach
  void stopServers() {
    scheduler.shutdownNow();
    if (web1 != null) {
      web1.close();
    }
    if (web2 != null) {
      web2.close();
    }
  }

  String inventory(String extraHosts) {
    return """
        defaults: { user: %s, identity: %s, knownHosts: %s }
        hosts:
          web-1:
            address: %s
            port: %d
            vars: { dir: "%s" }
            console: { host: web-2, wrap: env -C %s }
          web-2: { address: %s, port: %d, vars: { dir: "%s" } }
        %s
        groups:
          web: [web-1, web-2]
        """.formatted(System.getProperty("user.name"), key, knownHosts, web1.address(),
        web1.port(), dir.resolve("hosts/web-1"), dir.resolve("hosts/web-1"), web2.address(),
        web2.port(), dir.resolve("hosts/web-2"), extraHosts.indent(2));
  }

  /**
   * Change and verify in {@code vars.dir}: the host's directory, or "." for a container, whose
   * wrap ({@code env -C}) puts its commands in its own directory.
   */
  String plan(String targets, String strategy) {
    return """
        name: openssh
        targets: %s
        vars: { root: "%s", dir: "." }
        strategy: %s
        change:
          - run: cd ${vars.dir} && cp config config.bak
          - run: cd ${vars.dir} && echo v2 > config
        verify:
          - run: cd ${vars.dir} && grep -qx v2 config
        rollback:
          - run: cd ${vars.dir} && cp config.bak config; rm -f broken
        health:
          interval: 100ms
          unhealthyAfter: 2
          probes:
            - name: not broken
              local: test ! -e ${vars.root}/${host.name}/broken
        """.formatted(targets, dir.resolve("hosts"), strategy);
  }

  CompletableFuture<Outcome> start(String plan, String extraHosts) throws Exception {
    Path planFile = Files.writeString(dir.resolve("plan.yml"), plan);
    Path invFile = Files.writeString(dir.resolve("inventory.yml"), inventory(extraHosts));
    PlanFiles.Loaded loaded = new PlanFiles(System::getenv).load(planFile, invFile);
    Fleet fleet = new Fleet(new SshTransport(FleetRun.FAST, n -> null), loaded.plan(), dir);
    Engine engine = new Engine("openssh-run", loaded.plan(), fleet, journal, List.of(),
        new Engine.Settings(Clock.systemUTC(), Sleeper.SYSTEM, scheduler,
            Duration.ofMillis(20)), null);
    return CompletableFuture.supplyAsync(() -> {
      try (fleet) {
        return engine.start(false);
      }
    });
  }

  String config(String host) throws Exception {
    return Files.readString(dir.resolve("hosts/" + host + "/config")).strip();
  }

  List<String> types() {
    return journal.events().stream().filter(e -> !(e instanceof Event.HealthCounted))
        .map(e -> e.getClass().getSimpleName()).toList();
  }

  @Test
  void changesEveryHostOverOpenSsh() throws Exception {
    Outcome o = start(plan("web", "{ canary: 1, soak: 200ms, waves: [100%] }"), "").join();

    assertThat(o).as(JournalText.of(journal.events())).isEqualTo(Outcome.COMPLETED);
    assertThat(config("web-1")).isEqualTo("v2");
    assertThat(config("web-2")).isEqualTo("v2");
    assertThat(VirtualFleet.of(Event.StepFinished.class, journal.events()))
        .extracting(s -> s.host() + " " + s.phase() + " " + s.number() + " exit " + s.exitCode())
        .containsExactly("web-1 change 1 exit 0", "web-1 change 2 exit 0",
            "web-1 verify 1 exit 0", "web-2 change 1 exit 0", "web-2 change 2 exit 0",
            "web-2 verify 1 exit 0");
  }

  @Test
  void rollsBackACanaryWhoseSshdDiedThroughItsConsoleOverOpenSsh() throws Exception {
    CompletableFuture<Outcome> run = start(plan("web", "{ canary: 1, soak: 30s, waves: [100%] }"),
        "");
    await().atMost(Duration.ofSeconds(30)).until(() -> journal.events().stream()
        .anyMatch(Event.SoakStarted.class::isInstance));
    web1.close();
    Files.createFile(dir.resolve("hosts/web-1/broken"));

    Outcome o = run.join();

    assertThat(o).as(JournalText.of(journal.events())).isEqualTo(Outcome.ROLLED_BACK);
    assertThat(config("web-1")).isEqualTo("v1");
    assertThat(config("web-2")).as("never changed").isEqualTo("v1");
    assertThat(VirtualFleet.of(Event.HostFailed.class, journal.events())).singleElement()
        .extracting(Event.HostFailed::failure).isEqualTo(FailureClass.UNREACHABLE);
    assertThat(VirtualFleet.of(Event.StepStarted.class, journal.events()))
        .filteredOn(s -> s.phase().equals("rollback")).extracting(Event.StepStarted::path)
        .containsExactly("ssh", "console");
    assertThat(types()).endsWith("ConsoleUsed", "StepStarted", "StepFinished",
        "HostStateChanged", "RollbackFinished", "RunEnded");
  }

  @Test
  void changesAContainerThroughItsHostOverOpenSsh() throws Exception {
    String box = "box: { container: { host: web-2, wrap: env -C " + dir.resolve("hosts/box")
        + " }, vars: { dir: . } }";

    Outcome o = start(plan("[box]", "{ canary: 1 }"), box).join();

    assertThat(o).as(JournalText.of(journal.events())).isEqualTo(Outcome.COMPLETED);
    assertThat(config("box")).isEqualTo("v2");
    assertThat(config("web-2")).isEqualTo("v1");
  }
}
