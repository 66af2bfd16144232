package dev.rollout.transport.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollout.demo.SshKeys;
import dev.rollout.testfleet.TestFleet;
import dev.rollout.testfleet.TestHost;
import dev.rollout.transport.Endpoint;
import dev.rollout.transport.HostKeyPolicy;
import dev.rollout.transport.TransportException;
import dev.rollout.transport.TransportException.Reason;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.sshd.common.signature.BuiltinSignatures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class HostKeyVerificationTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  @RegisterExtension final TestFleet fleet = TestFleet.withHosts(1);
  @TempDir Path temp;

  @Test
  void refusesAnUnknownHostUnderStrictNamingItsSha256Fingerprint() throws Exception {
    TestHost host = fleet.host(1);
    Endpoint endpoint = withKnownHosts(host.endpoint(), temp.resolve("empty_known_hosts"),
        HostKeyPolicy.STRICT);

    TransportException e = runTrue(endpoint);

    assertThat(e.reason()).isEqualTo(Reason.HOST_KEY_REJECTED);
    assertThat(e.getMessage()).contains("UNKNOWN", "host-1", "127.0.0.2:" + host.sshPort(),
        "ssh-ed25519", fingerprint(host));
    assertThat(host.commandLog()).isEmpty();
  }

  @Test
  void refusesAChangedKeyUnderStrictAndAcceptNew() throws Exception {
    TestHost host = fleet.host(1);
    host.rotateHostKey();

    for (HostKeyPolicy policy : HostKeyPolicy.values()) {
      Endpoint endpoint = withKnownHosts(host.endpoint(), fleet.knownHosts(), policy);
      TransportException e = runTrue(endpoint);
      assertThat(e.reason()).as(policy.name()).isEqualTo(Reason.HOST_KEY_REJECTED);
      assertThat(e.getMessage()).contains("CHANGED", fingerprint(host));
    }
    assertThat(host.commandLog()).isEmpty();
  }

  @Test
  void acceptNewRecordsTheKeyWhichStrictThenAccepts() throws Exception {
    TestHost host = fleet.host(1);
    Path knownHosts = temp.resolve("new/dir/known_hosts");
    Endpoint acceptNew = withKnownHosts(host.endpoint(), knownHosts, HostKeyPolicy.ACCEPT_NEW);

    try (SshTransport transport = new SshTransport(TestPolicies.FAST, n -> null)) {
      assertThat(transport.shell(acceptNew).run("true", TIMEOUT).exitCode()).isZero();
    }

    assertThat(Files.readAllLines(knownHosts)).containsExactly(host.knownHostsLine());
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(knownHosts)))
        .isEqualTo("rw-------");
    Endpoint strict = withKnownHosts(host.endpoint(), knownHosts, HostKeyPolicy.STRICT);
    try (SshTransport transport = new SshTransport(TestPolicies.FAST, n -> null)) {
      assertThat(transport.shell(strict).run("true", TIMEOUT).exitCode()).isZero();
    }
  }

  @Test
  void acceptsAHashedKnownHostsEntry() throws Exception {
    TestHost host = fleet.host(1);
    String hostPart = "[" + host.address() + "]:" + host.sshPort();
    Path knownHosts = temp.resolve("hashed_known_hosts");
    Files.writeString(knownHosts, hashed(hostPart) + " "
        + SshKeys.publicKeyLine(host.hostKey().getPublic()) + "\n");

    Endpoint endpoint = withKnownHosts(host.endpoint(), knownHosts, HostKeyPolicy.STRICT);
    try (SshTransport transport = new SshTransport(TestPolicies.FAST, n -> null)) {
      assertThat(transport.shell(endpoint).run("echo hi", TIMEOUT).stdout()).isEqualTo("hi\n");
    }
  }

  @Test
  void acceptNewRefusesAHostThatSwitchesToAnotherKeyType() throws Exception {
    try (TestFleet rsa = TestFleet.builder().hosts(1).hostKeyType("ssh-rsa")
        .customizeServers(sshd -> sshd.setSignatureFactories(
            List.of(BuiltinSignatures.rsaSHA512)))
        .start(temp.resolve("switch"))) {
      TestHost impostor = rsa.host(1);
      Path known = temp.resolve("known_ed25519");
      String edLine = fleet.host(1).knownHostsLine();
      String recorded = "[" + impostor.address() + "]:" + impostor.sshPort()
          + edLine.substring(edLine.indexOf(' '));
      Files.writeString(known, recorded + "\n");

      TransportException e = runTrue(withKnownHosts(impostor.endpoint(), known,
          HostKeyPolicy.ACCEPT_NEW));

      assertThat(e.reason()).isEqualTo(Reason.HOST_KEY_REJECTED);
      assertThat(e.getMessage()).contains("CHANGED");
      assertThat(Files.readString(known)).isEqualTo(recorded + "\n");
      assertThat(impostor.commandLog()).isEmpty();
    }
  }

  @Test
  void refusesAKeyMarkedRevokedEvenWhenTheSameFileAlsoRecordsItAsKnown() throws Exception {
    TestHost host = fleet.host(1);
    Path knownHosts = temp.resolve("revoked_known_hosts");
    Files.writeString(knownHosts, host.knownHostsLine() + "\n@revoked * "
        + SshKeys.publicKeyLine(host.hostKey().getPublic()) + "\n");

    TransportException e = runTrue(withKnownHosts(host.endpoint(), knownHosts,
        HostKeyPolicy.STRICT));

    assertThat(e.reason()).isEqualTo(Reason.HOST_KEY_REJECTED);
    assertThat(e.getMessage()).contains("REVOKED HOST KEY DETECTED", "host-1", fingerprint(host),
        "@revoked");
    assertThat(host.commandLog()).isEmpty();
  }

  @Test
  void theOpenSshClientRefusesTheSameRevokedFileAsRevoked() throws Exception {
    TestHost host = fleet.host(1);
    Path knownHosts = temp.resolve("revoked_for_openssh");
    Files.writeString(knownHosts, host.knownHostsLine() + "\n@revoked * "
        + SshKeys.publicKeyLine(host.hostKey().getPublic()) + "\n");

    Process ssh = new ProcessBuilder("ssh", "-F", "/dev/null", "-o", "BatchMode=yes",
        "-o", "StrictHostKeyChecking=yes", "-o", "UserKnownHostsFile=" + knownHosts,
        "-o", "GlobalKnownHostsFile=/dev/null", "-o", "ConnectTimeout=5",
        "-i", fleet.clientKey().toString(), "-p", String.valueOf(host.sshPort()),
        System.getProperty("user.name") + "@" + host.address(), "true")
        .redirectErrorStream(true).start();
    try {
      assertThat(ssh.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      String said = new String(ssh.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(said).as("the oracle this verifier follows").contains(
          "REVOKED HOST KEY DETECTED");
      assertThat(ssh.exitValue()).isNotZero();
    } finally {
      ssh.destroyForcibly();
    }
    assertThat(host.commandLog()).isEmpty();
  }

  @Test
  void acceptNewRefusesARevokedKeyAndRecordsNothing() throws Exception {
    TestHost host = fleet.host(1);
    Path knownHosts = temp.resolve("revoked_only");
    String revoked = "@revoked [" + host.address() + "]:" + host.sshPort() + " "
        + SshKeys.publicKeyLine(host.hostKey().getPublic()) + "\n";
    Files.writeString(knownHosts, revoked);

    TransportException e = runTrue(withKnownHosts(host.endpoint(), knownHosts,
        HostKeyPolicy.ACCEPT_NEW));

    assertThat(e.reason()).isEqualTo(Reason.HOST_KEY_REJECTED);
    assertThat(e.getMessage()).contains("REVOKED", fingerprint(host));
    assertThat(Files.readString(knownHosts)).isEqualTo(revoked);
    assertThat(host.commandLog()).isEmpty();
  }

  @Test
  void aCertAuthorityLineForTheHostIsRefusedWithAClearMessageNotIgnored() throws Exception {
    TestHost host = fleet.host(1);
    Path knownHosts = temp.resolve("ca_known_hosts");
    String ca = "@cert-authority [127.0.0.*]:* " + SshKeys.publicKeyLine(
        SshKeys.ed25519().getPublic()) + "\n";
    Files.writeString(knownHosts, ca);

    for (HostKeyPolicy policy : HostKeyPolicy.values()) {
      TransportException e = runTrue(withKnownHosts(host.endpoint(), knownHosts, policy));
      assertThat(e.reason()).as(policy.name()).isEqualTo(Reason.HOST_KEY_REJECTED);
      assertThat(e.getMessage()).as(policy.name())
          .contains("@cert-authority", "not supported", fingerprint(host));
    }
    assertThat(Files.readString(knownHosts)).as("accept-new recorded nothing").isEqualTo(ca);
    assertThat(host.commandLog()).isEmpty();
  }

  @Test
  void aHostWhoseOwnKeyIsRecordedBesideACertAuthorityIsAcceptedAsOpenSshDoes() throws Exception {
    TestHost host = fleet.host(1);
    Path knownHosts = temp.resolve("ca_and_key");
    Files.writeString(knownHosts, "@cert-authority * " + SshKeys.publicKeyLine(
        SshKeys.ed25519().getPublic()) + "\n" + host.knownHostsLine() + "\n");

    Endpoint endpoint = withKnownHosts(host.endpoint(), knownHosts, HostKeyPolicy.STRICT);
    try (SshTransport transport = new SshTransport(TestPolicies.FAST, n -> null)) {
      assertThat(transport.shell(endpoint).run("true", TIMEOUT).exitCode()).isZero();
    }
  }

  @Test
  void refusesSha1RsaHostKeySignatures() throws Exception {
    try (TestFleet rsaOnly = TestFleet.builder().hosts(1).hostKeyType("ssh-rsa")
        .customizeServers(sshd -> sshd.setSignatureFactories(
            List.of(BuiltinSignatures.rsa, BuiltinSignatures.ed25519)))
        .start(temp.resolve("sha1"))) {
      TransportException e = runTrue(rsaOnly.host(1).endpoint());

      assertThat(e.reason()).as(e.getMessage()).isEqualTo(Reason.HOST_KEY_REJECTED);
      assertThat(e.getMessage()).contains("ssh-rsa");
      assertThat(rsaOnly.host(1).commandLog()).isEmpty();
    }
  }

  @Test
  void acceptsRsaHostKeysSignedWithSha512() throws Exception {
    try (TestFleet rsa = TestFleet.builder().hosts(1).hostKeyType("ssh-rsa")
        .customizeServers(sshd -> sshd.setSignatureFactories(
            List.of(BuiltinSignatures.rsaSHA512, BuiltinSignatures.ed25519)))
        .start(temp.resolve("sha512"));
        SshTransport transport = new SshTransport(TestPolicies.FAST, n -> null)) {
      assertThat(transport.shell(rsa.host(1).endpoint()).run("true", TIMEOUT).exitCode()).isZero();
      assertThat(transport.keyAlgorithms()).doesNotContain("ssh-rsa", "ssh-dss")
          .contains("rsa-sha2-512", "ssh-ed25519");
    }
  }

  @Test
  void sshjLoggersAreSilencedSoARejectedKeyPrintsNoStackTrace() {
    assertThat(LoggerFactory.getLogger("net.schmizz.sshj.transport.TransportImpl").isErrorEnabled())
        .isFalse();
    assertThat(LoggerFactory.getLogger("com.hierynomus.sshj.transport.IdentificationStringParser")
        .isErrorEnabled()).isFalse();
  }

  private static TransportException runTrue(Endpoint endpoint) {
    try (SshTransport transport = new SshTransport(TestPolicies.FAST, n -> null)) {
      return TestPolicies.failure(() -> transport.shell(endpoint).run("true", TIMEOUT));
    }
  }

  static Endpoint withKnownHosts(Endpoint e, Path knownHosts, HostKeyPolicy policy) {
    return new Endpoint(e.name(), e.address(), e.port(), e.user(), e.identity(),
        e.passphraseEnv(), knownHosts, policy, e.become(), e.via());
  }

  private static String fingerprint(TestHost host) {
    return HostKeyRejection.sha256Fingerprint(host.hostKey().getPublic());
  }

  /** A host name hashed as OpenSSH's HashKnownHosts does: |1|salt|HMAC-SHA1(salt, host). */
  private static String hashed(String hostPart) throws Exception {
    byte[] salt = new byte[20];
    new SecureRandom().nextBytes(salt);
    Mac mac = Mac.getInstance("HmacSHA1");
    mac.init(new SecretKeySpec(salt, "HmacSHA1"));
    byte[] hash = mac.doFinal(hostPart.getBytes(StandardCharsets.UTF_8));
    Base64.Encoder b64 = Base64.getEncoder();
    return "|1|" + b64.encodeToString(salt) + "|" + b64.encodeToString(hash);
  }
}
