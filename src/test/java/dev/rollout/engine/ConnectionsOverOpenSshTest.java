package dev.rollout.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rollout.plan.PlanFiles;
import dev.rollout.probe.Sleeper;
import dev.rollout.testfleet.OpenSshServer;
import dev.rollout.transport.ssh.SshTransport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code strategy.connections} over the real OpenSSH server (127.0.190.x): under {@code perStep}
 * a host in soak whose probes need no SSH holds no connection (counted in the kernel's table of
 * TCP sockets) and no sshj reader thread, so the threads of a run in soak stay under a bound that
 * does not grow with the fleet; under {@code keep}, and with an {@code ssh} probe, every host holds
 * its connection.
 */
class ConnectionsOverOpenSshTest {

  /** More hosts than the thread bound below, so holding one thread per host would break it. */
  private static final int HOSTS = 30;
  private static final int MAX_PARALLEL = 2;

  @TempDir Path dir;
  final List<OpenSshServer> servers = new ArrayList<>();
  final MemoryJournal journal = new MemoryJournal();
  final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
  Path key;

  void startServers(int n) throws IOException {
    Assumptions.assumeTrue(OpenSshServer.available(),
        "OpenSSH is not installed (apt-get install openssh-server): " + OpenSshServer.SSHD);
    key = OpenSshServer.keygen(dir.resolve("id_ed25519"), "ed25519");
    List<String> known = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      OpenSshServer s = OpenSshServer.start(dir.resolve("sshd-" + i), "127.0.190." + i);
      servers.add(s);
      s.authorize(Path.of(key + ".pub"));
      known.addAll(s.keyscan());
      Files.writeString(Files.createDirectories(dir.resolve("hosts/h" + i)).resolve("config"),
          "v1\n");
    }
    Files.write(dir.resolve("known_hosts"), known);
  }

  @AfterEach
  void stopServers() {
    scheduler.shutdownNow();
    servers.forEach(OpenSshServer::close);
  }

  @Test
  void perStepHoldsNoConnectionAndNoThreadPerHostInSoak() throws Exception {
    startServers(HOSTS);
    CompletableFuture<Outcome> run = start("perStep", "local: \"true\"");
    awaitEveryHostInSoak(run);

    assertThat(establishedToServers()).as("connections to the hosts' sshd in soak").isZero();
    assertThat(threads("sshj-Reader")).as("sshj reader threads in soak").isZero();
    // preflight's 16 and the stage's hosts, their output readers, the keep-alive timer: a
    // bound set by parallelism, not by the fleet's size
    int bound = Preflight.PARALLEL + 3 * MAX_PARALLEL + 4;
    assertThat(bound).isLessThan(HOSTS);
    assertThat(threads("rollout-") + threads("sshj-")).as("Rollout's and sshj's threads")
        .isLessThanOrEqualTo(bound);
    assertThat(run.join()).as(JournalText.of(journal.events())).isEqualTo(Outcome.COMPLETED);
  }

  @Test
  void keepHoldsEveryHostsConnectionInSoak() throws Exception {
    startServers(4);
    CompletableFuture<Outcome> run = start("keep", "local: \"true\"");
    awaitEveryHostInSoak(run);

    assertThat(establishedToServers()).isEqualTo(4);
    assertThat(threads("sshj-Reader")).isEqualTo(4);
    assertThat(run.join()).as(JournalText.of(journal.events())).isEqualTo(Outcome.COMPLETED);
  }

  @Test
  void perStepKeepsTheConnectionOfAHostWithAnSshProbe() throws Exception {
    startServers(3);
    CompletableFuture<Outcome> run = start("perStep", "ssh: \"true\"");
    awaitEveryHostInSoak(run);

    assertThat(establishedToServers()).isEqualTo(3);
    assertThat(run.join()).as(JournalText.of(journal.events())).isEqualTo(Outcome.COMPLETED);
  }

  @Test
  void perStepOpensTheConnectionAgainForARollback() throws Exception {
    startServers(2);
    CompletableFuture<Outcome> run = start("perStep",
        "local: \"test ! -e " + dir.resolve("broken") + "\"");
    awaitEveryHostInSoak(run);
    assertThat(establishedToServers()).isZero();
    Files.createFile(dir.resolve("broken"));

    assertThat(run.join()).as(JournalText.of(journal.events())).isEqualTo(Outcome.ROLLED_BACK);
    for (int i = 1; i <= 2; i++) {
      assertThat(Files.readString(dir.resolve("hosts/h" + i + "/config"))).isEqualTo("v1\n");
    }
    assertThat(dir.resolve("broken")).as("removed by the rollback, over a new connection")
        .doesNotExist();
  }

  private CompletableFuture<Outcome> start(String connections, String probe) throws Exception {
    StringBuilder hosts = new StringBuilder();
    for (int i = 0; i < servers.size(); i++) {
      hosts.append("  h%d: { address: %s, port: %d, vars: { dir: \"%s\" } }\n".formatted(i + 1,
          servers.get(i).address(), servers.get(i).port(), dir.resolve("hosts/h" + (i + 1))));
    }
    Path inv = Files.writeString(dir.resolve("inventory.yml"), """
        defaults: { user: %s, identity: %s, knownHosts: %s }
        hosts:
        %sgroups:
          fleet: [%s]
        """.formatted(System.getProperty("user.name"), key, dir.resolve("known_hosts"),
        hosts, String.join(", ", java.util.stream.IntStream.rangeClosed(1, servers.size())
            .mapToObj(i -> "h" + i).toList())));
    Path plan = Files.writeString(dir.resolve("plan.yml"), """
        name: connections
        targets: fleet
        strategy:
          canary: 1
          waves: [100%%]
          waveSoak: 6s
          maxParallel: %d
          connections: %s
        change:
          - run: cd ${vars.dir} && echo v2 > config
        verify:
          - run: cd ${vars.dir} && grep -qx v2 config
        rollback:
          - run: cd ${vars.dir} && echo v1 > config && rm -f %s
        health:
          interval: 200ms
          unhealthyAfter: 3
          probes:
            - name: probe
              %s
        """.formatted(MAX_PARALLEL, connections, dir.resolve("broken"), probe));
    PlanFiles.Loaded loaded = new PlanFiles(System::getenv).load(plan, inv);
    Fleet fleet = new Fleet(new SshTransport(FleetRun.FAST, n -> null), loaded.plan(), dir);
    Engine engine = new Engine("connections-run", loaded.plan(), fleet, journal, List.of(),
        new Engine.Settings(Clock.systemUTC(), Sleeper.SYSTEM, scheduler,
            Duration.ofMillis(20)), null);
    return CompletableFuture.supplyAsync(() -> {
      try (fleet) {
        return engine.start(false);
      }
    });
  }

  /** The wave's soak started (the canary has none): every host changed, verified, under probes. */
  private void awaitEveryHostInSoak(CompletableFuture<Outcome> run) {
    await().atMost(Duration.ofSeconds(120)).until(() -> run.isDone() || journal.events().stream()
        .anyMatch(Event.SoakStarted.class::isInstance));
    assertThat(run).as("the run is still in its wave's soak").isNotDone();
  }

  /** Live threads of this JVM whose name starts with {@code prefix}. */
  private static int threads(String prefix) {
    return (int) Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && t.getName().startsWith(prefix)).count();
  }

  /** Established TCP connections to any of the servers, from the kernel's socket table. */
  private int establishedToServers() {
    List<String> remotes = servers.stream().map(s -> hex(s.address(), s.port())).toList();
    // a JVM's sockets are IPv6 ones: an IPv4 peer shows in tcp6 as ::ffff:a.b.c.d
    return established(Path.of("/proc/net/tcp"), remotes)
        + established(Path.of("/proc/net/tcp6"), remotes);
  }

  private static int established(Path table, List<String> remotes) {
    if (!Files.exists(table)) {
      return 0;
    }
    try {
      return (int) Files.readAllLines(table).stream().skip(1)
          .map(l -> l.trim().split("\\s+"))
          .filter(f -> f[3].equals("01") && remotes.stream().anyMatch(f[2]::endsWith)).count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code 127.0.190.5:2222} as /proc/net/tcp writes it: {@code 05BE007F:08AE}. */
  private static String hex(String address, int port) {
    String[] b = address.split("\\.");
    StringBuilder s = new StringBuilder();
    for (int i = 3; i >= 0; i--) {
      s.append(String.format(Locale.ROOT, "%02X", Integer.parseInt(b[i])));
    }
    return s + String.format(Locale.ROOT, ":%04X", port);
  }
}
