package dev.rollout.probe;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpProbeTest {

  /** For the server that never answers: the timeout is what that test is about. */
  private static final Duration TIMEOUT = Duration.ofMillis(500);
  /**
   * For a server that answers: long enough for a machine busy with other builds (a 500 ms
   * timeout made a healthy answer "no answer" under a load average of 40).
   */
  private static final Duration ANSWERS_WITHIN = Duration.ofSeconds(20);

  private final CountDownLatch release = new CountDownLatch(1);
  private HttpServer server;

  @BeforeEach
  void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/health", exchange -> answer(exchange, 200, "status: ok"));
    server.createContext("/down", exchange -> answer(exchange, 503, "maintenance"));
    server.createContext("/hang", exchange -> hang());
    server.setExecutor(Executors.newCachedThreadPool());
    server.start();
  }

  @AfterEach
  void stopServer() {
    release.countDown();
    server.stop(0);
  }

  @Test
  void isHealthyWhenTheStatusMatches() {
    ProbeResult result = probe("/health", HttpExpectation.ok()).check();

    assertThat(result.healthy()).as(result.reason()).isTrue();
    assertThat(result.reason()).isEqualTo("HTTP 200");
    assertThat(result.probe()).isEqualTo("site");
  }

  @Test
  void isUnhealthyWithTheStatusAndUrlWhenTheStatusDiffers() {
    ProbeResult result = probe("/down", HttpExpectation.ok()).check();

    assertThat(result.outcome()).isEqualTo(ProbeResult.Outcome.UNHEALTHY);
    assertThat(result.reason()).isEqualTo("HTTP 503 from " + url("/down") + " (expected 200)");
    assertThat(result.output()).isEqualTo("maintenance");
  }

  @Test
  void acceptsAnExpectedNonOkStatus() {
    assertThat(probe("/down", HttpExpectation.status(503)).check().healthy()).isTrue();
  }

  @Test
  void isHealthyOnlyWhenTheBodyContainsTheExpectedText() {
    HttpExpectation ok = HttpExpectation.ok().withBodyContaining("status: ok");
    HttpExpectation other = HttpExpectation.ok().withBodyContaining("status: green");

    assertThat(probe("/health", ok).check().healthy()).isTrue();
    ProbeResult result = probe("/health", other).check();
    assertThat(result.healthy()).isFalse();
    assertThat(result.reason()).contains("HTTP 200", "without \"status: green\"");
  }

  @Test
  void isUnhealthyAfterTheTimeoutWhenTheServerNeverAnswers() {
    ProbeResult result = new HttpProbe("site", url("/hang"), HttpExpectation.ok(), TIMEOUT,
        Clock.systemUTC()).check();

    assertThat(result.healthy()).isFalse();
    assertThat(result.reason()).isEqualTo("no answer from " + url("/hang") + " within 500ms");
    assertThat(result.duration()).isBetween(TIMEOUT.minusMillis(50), Duration.ofSeconds(5));
  }

  @Test
  void isUnhealthyWhenTheConnectionIsRefused() throws IOException {
    int closedPort = closedPort();
    URI url = URI.create("http://127.0.0.1:" + closedPort + "/health");
    Probe probe = new HttpProbe("site", url, HttpExpectation.ok(), ANSWERS_WITHIN,
        Clock.systemUTC());

    ProbeResult result = probe.check();

    assertThat(result.healthy()).isFalse();
    assertThat(result.reason()).startsWith("connection refused to 127.0.0.1:" + closedPort);
  }

  @Test
  void describesItselfByKindAndUrl() {
    Probe probe = probe("/health", HttpExpectation.ok());

    assertThat(probe.kind()).isEqualTo("http");
    assertThat(probe.target()).isEqualTo(url("/health").toString());
  }

  static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private Probe probe(String path, HttpExpectation expect) {
    return new HttpProbe("site", url(path), expect, ANSWERS_WITHIN, Clock.systemUTC());
  }

  private URI url(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  private void hang() {
    try {
      release.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void answer(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length);
    try (var out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
