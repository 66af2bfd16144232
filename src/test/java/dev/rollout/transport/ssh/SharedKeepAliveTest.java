package dev.rollout.transport.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rollout.testfleet.OpenSshServer;
import dev.rollout.transport.Endpoint;
import dev.rollout.transport.HostKeyPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keep-alives ({@code serverAliveInterval}) of every connection on one timer thread, against the
 * real OpenSSH server (127.0.191.x): no thread per connection, and a server whose session stops
 * answering (SIGSTOP) is found dead after {@value SharedKeepAlive#MAX_UNANSWERED} unanswered
 * requests, while the others stay open.
 */
class SharedKeepAliveTest {

  @TempDir Path dir;
  final List<OpenSshServer> servers = new ArrayList<>();
  final List<ProcessHandle> stopped = new ArrayList<>();
  SshTransport transport;

  @AfterEach
  void cleanUp() throws Exception {
    for (ProcessHandle p : stopped) {
      signal("CONT", p);
    }
    if (transport != null) {
      transport.close();
    }
    servers.forEach(OpenSshServer::close);
  }

  @Test
  void keepsEveryConnectionAliveOnOneThreadAndFindsASilentServerDead() throws Exception {
    Assumptions.assumeTrue(OpenSshServer.available(),
        "OpenSSH is not installed (apt-get install openssh-server): " + OpenSshServer.SSHD);
    Path key = OpenSshServer.keygen(dir.resolve("id_ed25519"), "ed25519");
    List<String> known = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      OpenSshServer s = OpenSshServer.start(dir.resolve("sshd-" + i), "127.0.191." + i);
      s.authorize(Path.of(key + ".pub"));
      known.addAll(s.keyscan());
      servers.add(s);
    }
    Path knownHosts = Files.write(dir.resolve("known_hosts"), known);
    transport = new SshTransport(ConnectPolicy.DEFAULT, n -> null);
    for (OpenSshServer s : servers) {
      Endpoint e = new Endpoint(s.address(), s.address(), s.port(),
          System.getProperty("user.name"), key, null, knownHosts, HostKeyPolicy.STRICT, false,
          null, null, List.of(key), true, Duration.ofSeconds(1));
      assertThat(transport.shell(e).run("true", Duration.ofSeconds(30)).exitCode()).isZero();
    }

    assertThat(threads("rollout-ssh-keepalive")).isEqualTo(1);
    assertThat(threads("sshj-KeepAlive")).isZero();
    assertThat(transport.openConnections()).isEqualTo(3);

    // the first server's session processes freeze: its keep-alives go unanswered
    servers.get(0).listener().descendants().forEach(p -> {
      signal("STOP", p);
      stopped.add(p);
    });
    assertThat(stopped).isNotEmpty();
    await().atMost(Duration.ofSeconds(30)).until(() -> transport.openConnections() == 2);
    assertThat(threads("rollout-ssh-keepalive")).isEqualTo(1);
  }

  /**
   * As OpenSSH's client: a keep-alive request goes out only after the server said nothing for a
   * whole interval. A command printing every 100 ms for 4 s, with an interval of 1 s, sends none
   * (a fixed beat sent one a second); once it ends and the server falls silent, one goes out.
   */
  @Test
  void asksForAnAnswerOnlyAfterTheServerFellSilentForAnInterval() throws Exception {
    Assumptions.assumeTrue(OpenSshServer.available(),
        "OpenSSH is not installed (apt-get install openssh-server): " + OpenSshServer.SSHD);
    Path key = OpenSshServer.keygen(dir.resolve("id_ed25519"), "ed25519");
    OpenSshServer s = OpenSshServer.start(dir.resolve("sshd"), "127.0.191.4");
    s.authorize(Path.of(key + ".pub"));
    servers.add(s);
    Path knownHosts = Files.write(dir.resolve("known_hosts"), s.keyscan());
    transport = new SshTransport(ConnectPolicy.DEFAULT, n -> null);
    Endpoint e = new Endpoint(s.address(), s.address(), s.port(),
        System.getProperty("user.name"), key, null, knownHosts, HostKeyPolicy.STRICT, false,
        null, null, List.of(key), true, Duration.ofSeconds(1));
    var shell = transport.shell(e);
    shell.connect();

    long before = transport.keepAliveRequests();
    var talking = shell.run("for i in $(seq 40); do echo $i; sleep 0.1; done",
        Duration.ofSeconds(60));
    long during = transport.keepAliveRequests() - before;

    assertThat(talking.exitCode()).isZero();
    // at most the one a silence before the command may have armed; a fixed beat sends about 4
    assertThat(during).isLessThanOrEqualTo(1);
    long after = transport.keepAliveRequests();
    await().atMost(Duration.ofSeconds(20)).until(() -> transport.keepAliveRequests() > after);
    assertThat(transport.openConnections()).isEqualTo(1);
  }

  private static long threads(String prefix) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && t.getName().startsWith(prefix)).count();
  }

  private static void signal(String sig, ProcessHandle p) {
    try {
      new ProcessBuilder("kill", "-" + sig, String.valueOf(p.pid())).start().waitFor();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
