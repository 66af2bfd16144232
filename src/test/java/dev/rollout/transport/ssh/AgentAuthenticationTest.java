package dev.rollout.transport.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.rollout.testfleet.OpenSshServer;
import dev.rollout.testfleet.TestAgent;
import dev.rollout.transport.Endpoint;
import dev.rollout.transport.HostKeyPolicy;
import dev.rollout.transport.TransportException;
import dev.rollout.transport.TransportException.Reason;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Keys held by a real ssh-agent log in to Debian's real OpenSSH server with no key file given to
 * Rollout. OpenSSH 9.2 refuses SHA-1 {@code ssh-rsa} signatures, so an RSA login proves
 * rsa-sha2-512/256 was asked of the agent.
 */
class AgentAuthenticationTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  @TempDir static Path temp;
  private static OpenSshServer server;
  private static Path knownHosts;

  @BeforeAll
  static void startServer() throws Exception {
    assumeTrue(OpenSshServer.available() && TestAgent.available(),
        "needs Debian's openssh-server and openssh-client (sshd, ssh-agent, ssh-add)");
    server = OpenSshServer.start(temp.resolve("sshd"), "127.0.152.1");
    knownHosts = Files.write(temp.resolve("known_hosts"), server.keyscan());
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"ed25519", "ecdsa", "rsa"})
  void logsInWithOnlyTheAgentsKey(String type, @TempDir Path dir) throws Exception {
    Path key = OpenSshServer.keygen(dir.resolve("id_" + type), type);
    server.authorize(Path.of(key + ".pub"));
    try (TestAgent agent = TestAgent.start(dir.resolve("agent"))) {
      agent.add(key, null);
      Files.delete(key);
      assertThat(run(endpoint(List.of(), false), agent, "id -un")).isEqualTo(user() + "\n");
    }
  }

  @Test
  void aPassphraseProtectedKeyInTheAgentNeedsNoPassphrase(@TempDir Path dir) throws Exception {
    Path key = keygenWithPassphrase(dir.resolve("id_locked"), "correct horse");
    server.authorize(Path.of(key + ".pub"));
    try (TestAgent agent = TestAgent.start(dir.resolve("agent"))) {
      agent.add(key, "correct horse");
      // The file is named too, encrypted and with no passphrase available: the agent's key
      // comes first, as in OpenSSH, so the file is never decrypted.
      assertThat(run(endpoint(List.of(key), true), agent, "echo unlocked"))
          .isEqualTo("unlocked\n");
    }
  }

  @Test
  void identitiesOnlyOffersOnlyTheAgentKeysOfTheNamedFiles(@TempDir Path dir) throws Exception {
    Path good = OpenSshServer.keygen(dir.resolve("id_good"), "ed25519");
    Path other = OpenSshServer.keygen(dir.resolve("id_other"), "ed25519");
    server.authorize(Path.of(good + ".pub"));
    try (TestAgent agent = TestAgent.start(dir.resolve("agent"))) {
      agent.add(good, null);
      Files.delete(good);
      Files.delete(other);
      // other's private file is gone; only other.pub is left, so nothing may be offered
      assertThatThrownBy(() -> run(endpoint(List.of(other), true), agent, "true"))
          .isInstanceOf(TransportException.class)
          .satisfies(e -> assertThat(((TransportException) e).reason())
              .isIn(Reason.AUTH_FAILED));
      Path goodPub = Path.of(good + ".pub");
      assertThat(run(endpoint(List.of(Path.of(goodPub.toString().replace(".pub", ""))), true),
          agent, "echo matched")).isEqualTo("matched\n");
    }
  }

  @Test
  void theAgentsKeysComeBeforeTheIdentityFiles(@TempDir Path dir) throws Exception {
    Path inAgent = OpenSshServer.keygen(dir.resolve("id_agent"), "ed25519");
    Path file = OpenSshServer.keygen(dir.resolve("id_file"), "ed25519");
    server.authorize(Path.of(inAgent + ".pub"));
    server.authorize(Path.of(file + ".pub"));
    try (TestAgent agent = TestAgent.start(dir.resolve("agent"))) {
      agent.add(inAgent, null);
      run(endpoint(List.of(file), false), agent, "true");
      String log = Files.readString(temp.resolve("sshd").resolve("sshd.log"));
      String agentPrint = OpenSshServer.keygenFingerprint(inAgent).split("\\s+")[1];
      String filePrint = OpenSshServer.keygenFingerprint(file).split("\\s+")[1];
      assertThat(log).contains("Accepted publickey for " + user()).contains(agentPrint);
      assertThat(log).doesNotContain(filePrint);
    }
  }

  private static String run(Endpoint endpoint, TestAgent agent, String command) throws Exception {
    Map<String, String> env = Map.of("SSH_AUTH_SOCK", agent.socket().toString());
    try (SshTransport transport = new SshTransport(TestPolicies.FAST, env::get)) {
      return transport.shell(endpoint).run(command, TIMEOUT).stdout();
    }
  }

  private static Endpoint endpoint(List<Path> identities, boolean identitiesOnly) {
    return new Endpoint("agent-host", server.address(), server.port(), user(), null, null,
        knownHosts, HostKeyPolicy.STRICT, false, null, null, identities, identitiesOnly, null);
  }

  private static String user() {
    return System.getProperty("user.name");
  }

  private static Path keygenWithPassphrase(Path file, String passphrase) throws Exception {
    Process p = new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", passphrase, "-C",
        "locked", "-f", file.toString()).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    assertThat(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0).isTrue();
    return file;
  }
}
