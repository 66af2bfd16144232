package dev.rollout.transport.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollout.demo.SshKeys;
import dev.rollout.testfleet.TestFleet;
import dev.rollout.transport.Endpoint;
import dev.rollout.transport.TransportException;
import dev.rollout.transport.TransportException.Reason;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class AuthenticationTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  @RegisterExtension final TestFleet fleet = TestFleet.withHosts(1);
  @TempDir Path temp;

  @Test
  void logsInWithAnRsaKey() throws Exception {
    Endpoint endpoint = withKey(authorizedKey(SshKeys.rsa(), "id_rsa", null), null);

    try (SshTransport transport = new SshTransport(TestPolicies.FAST, n -> null)) {
      assertThat(transport.shell(endpoint).run("echo rsa", TIMEOUT).stdout()).isEqualTo("rsa\n");
    }
  }

  @Test
  void decryptsAnEncryptedKeyWithThePassphraseFromTheNamedVariable() throws Exception {
    Endpoint endpoint = withKey(authorizedKey(SshKeys.ed25519(), "id_enc", "s3cret"), "KEY_PASS");

    try (SshTransport transport =
        new SshTransport(TestPolicies.FAST, Map.of("KEY_PASS", "s3cret")::get)) {
      assertThat(transport.shell(endpoint).run("echo ok", TIMEOUT).stdout()).isEqualTo("ok\n");
    }
  }

  @Test
  void anEncryptedKeyWithoutPassphraseSaysWhichVariableToSet() {
    Endpoint endpoint = withKey(authorizedKey(SshKeys.ed25519(), "id_enc", "s3cret"), "KEY_PASS");

    try (SshTransport transport = new SshTransport(TestPolicies.FAST, n -> null)) {
      TransportException e = TestPolicies.failure(() -> transport.shell(endpoint).connect());
      assertThat(e.reason()).isEqualTo(Reason.AUTH_FAILED);
      assertThat(e.getMessage()).contains("encrypted", "KEY_PASS", "host-1");
    }
  }

  @Test
  void aWrongPassphraseIsAnAuthenticationFailure() {
    Endpoint endpoint = withKey(authorizedKey(SshKeys.ed25519(), "id_enc", "s3cret"), "KEY_PASS");

    try (SshTransport transport =
        new SshTransport(TestPolicies.FAST, Map.of("KEY_PASS", "wrong")::get)) {
      TransportException e = TestPolicies.failure(() -> transport.shell(endpoint).connect());
      assertThat(e.reason()).isEqualTo(Reason.AUTH_FAILED);
      assertThat(e.getMessage()).contains("KEY_PASS");
    }
  }

  @Test
  void anUnauthorizedKeyIsRefusedWithoutRetries() {
    Path stranger = SshKeys.writePrivateKey(SshKeys.ed25519(), temp.resolve("stranger"), null);
    Endpoint endpoint = withKey(stranger, null);

    try (SshTransport transport = new SshTransport(TestPolicies.FAST, n -> null)) {
      TransportException e = TestPolicies.failure(() -> transport.shell(endpoint).connect());
      assertThat(e.reason()).isEqualTo(Reason.AUTH_FAILED);
      assertThat(e.getMessage())
          .contains(System.getProperty("user.name") + "@127.0.0.2:", "refused");
    }
    assertThat(fleet.host(1).connectionCount()).isEqualTo(1);
  }

  private Path authorizedKey(KeyPair pair, String file, String passphrase) {
    fleet.authorize(pair.getPublic());
    return SshKeys.writePrivateKey(pair, temp.resolve(file), passphrase);
  }

  private Endpoint withKey(Path identity, String passphraseEnv) {
    Endpoint e = fleet.host(1).endpoint();
    return new Endpoint(e.name(), e.address(), e.port(), e.user(), identity, passphraseEnv,
        e.knownHosts(), e.hostKeys(), e.become(), e.via());
  }
}
