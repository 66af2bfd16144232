package dev.rollout.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TcpProbeTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  @Test
  void isHealthyWhenThePortAcceptsConnections() throws IOException {
    try (ServerSocket open = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
      Probe probe = new TcpProbe("api", "127.0.0.1", open.getLocalPort(), TIMEOUT, clock());

      ProbeResult result = probe.check();

      assertThat(result.healthy()).as(result.reason()).isTrue();
      assertThat(probe.target()).isEqualTo("127.0.0.1:" + open.getLocalPort());
    }
  }

  @Test
  void isUnhealthyWithTheAddressWhenThePortIsClosed() throws IOException {
    int port = HttpProbeTest.closedPort();

    ProbeResult result = new TcpProbe("api", "127.0.0.1", port, TIMEOUT, clock()).check();

    assertThat(result.outcome()).isEqualTo(ProbeResult.Outcome.UNHEALTHY);
    assertThat(result.reason()).isEqualTo("connection refused to 127.0.0.1:" + port + " within 20s");
  }

  @Test
  void refusesAPortOutsideTheTcpRangeWithoutShowingItForItMayBeASecret() {
    assertThatThrownBy(() -> new TcpProbe("api", "127.0.0.1", 70000, TIMEOUT, clock()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1-65535")
        .hasMessageNotContaining("70000");
  }

  private static Clock clock() {
    return Clock.systemUTC();
  }
}
