package dev.rollout.transport.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.rollout.testfleet.TestFleet;
import dev.rollout.transport.Endpoint;
import dev.rollout.transport.TransportException;
import dev.rollout.transport.TransportException.Reason;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Fail fast on a host that accepts TCP and then says nothing (as a host behind a firewall that
 * drops packets looks once the SYN got through): a verdict at the connect deadline, retries
 * included, shared by every host behind it when it is a jump host.
 */
class SilentHostTest {

  private static final Duration DEADLINE = Duration.ofMillis(1500);
  /** Far above the deadline, only so that a regression fails instead of hanging the build. */
  private static final Duration HANG = Duration.ofSeconds(30);

  @RegisterExtension final TestFleet fleet = TestFleet.withHosts(3);

  private final SshTransport transport = new SshTransport(
      new ConnectPolicy(4, Duration.ofMillis(20), Duration.ofSeconds(20)), n -> null);
  private SilentListener silent;

  @BeforeEach
  void listen() throws IOException {
    silent = new SilentListener("127.0.0.50");
  }

  @AfterEach
  void close() throws IOException {
    transport.close();
    silent.close();
  }

  @Test
  void aHostThatAcceptsAndSaysNothingIsUnreachableAtItsDeadlineWithoutRetries() {
    Endpoint host = silentHost("quiet", DEADLINE);

    TransportException e = assertTimeoutPreemptively(HANG,
        () -> TestPolicies.failure(() -> transport.shell(host).connect()));

    assertThat(e.reason()).isEqualTo(Reason.UNREACHABLE);
    assertThat(e.getMessage()).contains("quiet", "127.0.0.50:" + silent.port(),
        "no SSH answer before the connect deadline",
        "gave up after 1 attempt within the connect deadline of 1500ms");
    assertThat(silent.accepted()).isEqualTo(1);
  }

  @Test
  void everyHostBehindASilentJumpHostGetsItsOneVerdictAtOnce() throws Exception {
    Endpoint jump = silentHost("jump", DEADLINE);
    List<Endpoint> behind = IntStream.rangeClosed(1, 3)
        .mapToObj(i -> via(fleet.host(i).endpoint(), jump)).toList();
    CountDownLatch go = new CountDownLatch(1);

    List<CompletableFuture<TransportException>> tries = behind.stream()
        .map(h -> CompletableFuture.supplyAsync(() -> {
          awaitQuietly(go);
          return TestPolicies.failure(() -> transport.shell(h).connect());
        })).toList();
    go.countDown();
    List<TransportException> verdicts = assertTimeoutPreemptively(HANG,
        () -> tries.stream().map(CompletableFuture::join).toList());

    assertThat(verdicts).allSatisfy(e -> {
      assertThat(e.reason()).isEqualTo(Reason.UNREACHABLE);
      assertThat(e.getMessage()).contains("cannot reach jump host jump", "no SSH answer");
    });
    assertThat(verdicts).extracting(TransportException::host)
        .containsExactlyInAnyOrder("host-1", "host-2", "host-3");
    assertThat(silent.accepted()).as("connections the silent jump host accepted").isEqualTo(1);
    assertThat(fleet.hosts()).allSatisfy(h -> assertThat(h.connectionCount()).isZero());
  }

  @Test
  void aRefusedConnectionIsRetriedWithinTheDeadline() throws IOException {
    int closedPort = freePort();
    Endpoint e = fleet.host(1).endpoint();
    Endpoint refused = new Endpoint("refused", e.address(), closedPort, e.user(), e.identity(),
        null, e.knownHosts(), e.hostKeys(), false, null, Duration.ofSeconds(10));

    TransportException failure = TestPolicies.failure(() -> transport.shell(refused).connect());

    assertThat(failure.getMessage()).contains("refused", "gave up after 4 attempts");
  }

  private Endpoint silentHost(String name, Duration deadline) {
    Endpoint e = fleet.host(1).endpoint();
    return new Endpoint(name, silent.address(), silent.port(), e.user(), e.identity(), null,
        e.knownHosts(), e.hostKeys(), false, null, deadline);
  }

  private static Endpoint via(Endpoint e, Endpoint jump) {
    return new Endpoint(e.name(), e.address(), e.port(), e.user(), e.identity(),
        e.passphraseEnv(), e.knownHosts(), e.hostKeys(), e.become(), jump, DEADLINE);
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.2"))) {
      return s.getLocalPort();
    }
  }

  /** Accepts connections on a loopback address and never writes a byte. */
  private static final class SilentListener implements AutoCloseable {
    private final ServerSocket server;
    private final List<Socket> held = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    SilentListener(String address) throws IOException {
      server = new ServerSocket(0, 50, InetAddress.getByName(address));
      acceptor = new Thread(this::acceptForever, "silent-listener");
      acceptor.setDaemon(true);
      acceptor.start();
    }

    private void acceptForever() {
      try {
        while (true) {
          held.add(server.accept());
        }
      } catch (IOException e) {
        // closed by the test
      }
    }

    String address() {
      return server.getInetAddress().getHostAddress();
    }

    int port() {
      return server.getLocalPort();
    }

    int accepted() {
      return held.size();
    }

    @Override
    public void close() throws IOException {
      server.close();
      for (Socket s : held) {
        s.close();
      }
    }
  }
}
