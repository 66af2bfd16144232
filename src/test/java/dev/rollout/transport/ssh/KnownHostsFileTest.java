package dev.rollout.transport.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollout.testfleet.TestFleet;
import dev.rollout.testfleet.TestHost;
import dev.rollout.transport.Endpoint;
import dev.rollout.transport.HostKeyPolicy;
import dev.rollout.transport.TransportException;
import dev.rollout.transport.TransportException.Reason;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * knownHosts must name a regular file, or one not there yet: a device, a FIFO or a directory is
 * refused before it is opened, under either policy, and the server is never asked to run anything.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class KnownHostsFileTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  @RegisterExtension final TestFleet fleet = TestFleet.withHosts(1);
  @TempDir Path temp;

  @ParameterizedTest
  @EnumSource(HostKeyPolicy.class)
  void devNullIsRefusedSoAcceptNewCannotTrustEveryKeyOnEveryRun(HostKeyPolicy policy) {
    TestHost host = fleet.host(1);

    for (int run = 1; run <= 2; run++) {
      TransportException e = runTrue(host, Path.of("/dev/null"), policy);
      assertThat(e.reason()).isEqualTo(Reason.HOST_KEY_REJECTED);
      assertThat(e.getMessage()).contains("/dev/null", "a character device",
          "not a regular file");
    }
    assertThat(host.commandLog()).isEmpty();
  }

  @Test
  void devZeroIsRefusedWithoutReadingIt() {
    TransportException e = runTrue(fleet.host(1), Path.of("/dev/zero"), HostKeyPolicy.STRICT);

    assertThat(e.reason()).isEqualTo(Reason.HOST_KEY_REJECTED);
    assertThat(e.getMessage()).contains("/dev/zero", "a character device");
  }

  @Test
  void aFifoIsRefusedWithoutBlockingOnIt() throws Exception {
    Path fifo = temp.resolve("known_hosts.fifo");
    assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();

    TransportException e = runTrue(fleet.host(1), fifo, HostKeyPolicy.ACCEPT_NEW);

    assertThat(e.reason()).isEqualTo(Reason.HOST_KEY_REJECTED);
    assertThat(e.getMessage()).contains("a FIFO", "not a regular file");
  }

  @Test
  void aDirectoryIsRefused() throws Exception {
    Path dir = Files.createDirectory(temp.resolve("known_hosts"));

    TransportException e = runTrue(fleet.host(1), dir, HostKeyPolicy.ACCEPT_NEW);

    assertThat(e.getMessage()).contains("a directory", "not a regular file");
    assertThat(fleet.host(1).commandLog()).isEmpty();
  }

  @Test
  void aLinkToADeviceIsRefusedAsTheDeviceItIs() throws Exception {
    Path link = Files.createSymbolicLink(temp.resolve("known_hosts"), Path.of("/dev/null"));

    TransportException e = runTrue(fleet.host(1), link, HostKeyPolicy.ACCEPT_NEW);

    assertThat(e.getMessage()).contains("a character device");
    assertThat(fleet.host(1).commandLog()).isEmpty();
  }

  @Test
  void aLinkToARegularFileIsReadAndRecordedThrough() throws Exception {
    Path real = temp.resolve("real_known_hosts");
    Files.writeString(real, "");
    Path link = Files.createSymbolicLink(temp.resolve("known_hosts"), real);
    TestHost host = fleet.host(1);

    try (SshTransport transport = new SshTransport(TestPolicies.FAST, n -> null)) {
      assertThat(transport.shell(endpoint(host, link, HostKeyPolicy.ACCEPT_NEW))
          .run("true", TIMEOUT).exitCode()).isZero();
    }

    assertThat(Files.readAllLines(real)).containsExactly(host.knownHostsLine());
  }

  private static TransportException runTrue(TestHost host, Path knownHosts, HostKeyPolicy p) {
    try (SshTransport transport = new SshTransport(TestPolicies.FAST, n -> null)) {
      return TestPolicies.failure(() -> transport.shell(endpoint(host, knownHosts, p))
          .run("true", TIMEOUT));
    }
  }

  private static Endpoint endpoint(TestHost host, Path knownHosts, HostKeyPolicy policy) {
    return HostKeyVerificationTest.withKnownHosts(host.endpoint(), knownHosts, policy);
  }
}
