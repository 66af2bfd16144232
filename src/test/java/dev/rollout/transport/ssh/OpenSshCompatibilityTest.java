package dev.rollout.transport.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rollout.testfleet.OpenSshServer;
import dev.rollout.transport.CommandResult;
import dev.rollout.transport.Endpoint;
import dev.rollout.transport.HostKeyPolicy;
import dev.rollout.transport.TransportException;
import dev.rollout.transport.TransportException.Reason;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The transport against the real OpenSSH server, with keys and known_hosts made by OpenSSH. */
class OpenSshCompatibilityTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  @TempDir static Path temp;
  private static OpenSshServer jump;
  private static OpenSshServer target;
  private static Path ed25519Key;
  private static Path rsaKey;
  private static Path knownHosts;

  @BeforeAll
  static void startServers() {
    org.junit.jupiter.api.Assumptions.assumeTrue(OpenSshServer.available(),
        "OpenSSH is not installed (apt-get install openssh-server): " + OpenSshServer.SSHD);
    jump = OpenSshServer.start(temp.resolve("jump"), "127.0.10.1");
    target = OpenSshServer.start(temp.resolve("target"), "127.0.10.2");
    ed25519Key = OpenSshServer.keygen(temp.resolve("id_ed25519"), "ed25519");
    rsaKey = OpenSshServer.keygen(temp.resolve("id_rsa_pem"), "rsa", "-b", "3072", "-m", "PEM");
    for (OpenSshServer server : new OpenSshServer[] {jump, target}) {
      server.authorize(temp.resolve("id_ed25519.pub"));
      server.authorize(temp.resolve("id_rsa_pem.pub"));
    }
  }

  @AfterAll
  static void stopServers() {
    for (OpenSshServer server : new OpenSshServer[] {jump, target}) {
      if (server != null) {
        server.close();
      }
    }
  }

  @Test
  void runsACommandWithExitCodeAndOutputUsingKeyscanEntries() throws Exception {
    Path scanned = writeKnownHosts("scanned", false);
    assertThat(Files.readString(scanned)).startsWith("[127.0.10.2]:" + target.port() + " ");

    CommandResult result = run(endpoint(target, ed25519Key, scanned, null),
        "echo out; echo err >&2; exit 3");

    assertThat(result.exitCode()).isEqualTo(3);
    assertThat(result.stdout()).isEqualTo("out\n");
    assertThat(result.stderr()).isEqualTo("err\n");
  }

  @Test
  void aTimedOutCommandIsEndedByTheServer() throws Exception {
    Path marker = temp.resolve("too-late");
    Path known = writeKnownHosts("timeout", false);
    CommandResult result = run(endpoint(target, ed25519Key, known, null),
        "sleep 2; touch " + marker, Duration.ofMillis(300));

    assertThat(result.timedOut()).isTrue();
    await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
        .until(() -> !Files.exists(marker));
  }

  @Test
  void acceptsAHashedEntryMadeBySshKeygen() throws Exception {
    Path hashed = writeKnownHosts("hashed", true);
    assertThat(Files.readString(hashed)).startsWith("|1|").doesNotContain("127.0.10.2");

    assertThat(run(endpoint(target, ed25519Key, hashed, null), "echo hashed").stdout())
        .isEqualTo("hashed\n");
  }

  @Test
  void logsInWithAnRsaKeyInPemFormat() throws Exception {
    assertThat(Files.readString(rsaKey)).startsWith("-----BEGIN RSA PRIVATE KEY-----");

    assertThat(run(endpoint(target, rsaKey, writeKnownHosts("rsa", false), null), "id -un")
        .stdout()).isEqualTo(System.getProperty("user.name") + "\n");
  }

  @Test
  void refusesTheServerWhenItsKeyIsUnknown() {
    Endpoint strict = endpoint(target, ed25519Key, temp.resolve("missing_known_hosts"), null);

    try (SshTransport transport = new SshTransport(TestPolicies.FAST, n -> null)) {
      TransportException e = TestPolicies.failure(() -> transport.shell(strict).connect());
      assertThat(e.reason()).isEqualTo(Reason.HOST_KEY_REJECTED);
      assertThat(e.getMessage()).contains("SHA256:" + fingerprintByKeygen());
    }
  }

  @Test
  void reachesOneOpenSshServerThroughAnother() throws Exception {
    Path both = writeKnownHosts("both", false);
    Files.write(both, jump.keyscan(), java.nio.file.StandardOpenOption.APPEND);
    Endpoint viaJump = endpoint(target, ed25519Key, both, endpoint(jump, ed25519Key, both, null));

    assertThat(run(viaJump, "echo through").stdout()).isEqualTo("through\n");
  }

  /**
   * Rollout's copy of sshj's reader reads the stream 8 KiB at a time instead of into a buffer of
   * the largest packet: megabytes of output in full-size packets, directly and through a jump
   * host's tunnel, must decode the same (a lost or repeated byte fails the packet's MAC and kills
   * the connection), and the connection must stay in step for the next command.
   */
  @Test
  void megabytesOfOutputDecodeThroughTheSmallReadBufferDirectlyAndThroughAJumpHost()
      throws Exception {
    Path both = writeKnownHosts("large", false);
    Files.write(both, jump.keyscan(), java.nio.file.StandardOpenOption.APPEND);
    Endpoint direct = endpoint(target, ed25519Key, both, null);
    Endpoint viaJump = endpoint(target, ed25519Key, both, endpoint(jump, ed25519Key, both, null));
    String lines = "seq 1 500000; seq 1 300000 >&2";
    for (Endpoint host : new Endpoint[] {direct, viaJump}) {
      try (SshTransport transport = new SshTransport(TestPolicies.FAST, n -> null)) {
        var shell = transport.shell(host);
        CommandResult big = shell.run(lines, TIMEOUT);
        CommandResult sum = shell.run("seq 1 500000 | cksum", TIMEOUT);

        assertThat(big.exitCode()).isZero();
        assertThat(big.stdout()).endsWith("499999\n500000\n");
        assertThat(big.stderr()).endsWith("299999\n300000\n");
        assertThat(sum.stdout()).isEqualTo(localCksum("seq 1 500000"));
      }
    }
  }

  private static String localCksum(String command) throws Exception {
    Process p = new ProcessBuilder("sh", "-c", command + " | cksum").start();
    String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(p.waitFor()).isZero();
    return out;
  }

  @Test
  void aQuotedWrapWorksAndAShDashCWrapIsNotProvenOverOpenSsh() throws Exception {
    Endpoint host = endpoint(target, ed25519Key, writeKnownHosts("wraps", false), null);

    try (SshTransport transport = new SshTransport(TestPolicies.FAST, n -> null)) {
      var quoted = transport.wrapped("box", host, "env NAME='my box'");
      var swallowing = transport.wrapped("shc", host, "sh -c");

      assertThat(quoted.run("printf '[%s]' \"$NAME\"", TIMEOUT).stdout()).isEqualTo("[my box]");
      assertThat(quoted.proveCommandsRun()).isEmpty();
      assertThat(swallowing.run("echo ran", TIMEOUT).stdout()).isEmpty();
      assertThat(swallowing.proveCommandsRun()).hasValueSatisfying(
          why -> assertThat(why).contains("\"sh -c\"", "exited 0 without running the command"));
    }
  }

  private static String fingerprintByKeygen() {
    String out = OpenSshServer.keygenFingerprint(target.hostKey());
    return out.split("\\s+")[1].substring("SHA256:".length());
  }

  private static CommandResult run(Endpoint endpoint, String command) throws Exception {
    return run(endpoint, command, TIMEOUT);
  }

  private static CommandResult run(Endpoint endpoint, String command, Duration timeout)
      throws Exception {
    try (SshTransport transport = new SshTransport(TestPolicies.FAST, n -> null)) {
      return transport.shell(endpoint).run(command, timeout);
    }
  }

  private static Path writeKnownHosts(String name, boolean hash) throws Exception {
    Path file = Files.write(temp.resolve("known_hosts_" + name), target.keyscan());
    if (hash) {
      OpenSshServer.hashKnownHosts(file);
    }
    return file;
  }

  private static Endpoint endpoint(OpenSshServer server, Path key, Path known, Endpoint via) {
    return new Endpoint(server == jump ? "jump" : "target", server.address(), server.port(),
        System.getProperty("user.name"), key, null, known, HostKeyPolicy.STRICT, false, via);
  }
}
