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
    server.createContext("/moved", exchange -> redirect(exchange, 301, "/health"));
    server.createContext("/see-other", exchange -> redirect(exchange, 303, "moved"));
    server.createContext("/loop", exchange -> redirect(exchange, 302, "/loop"));
    server.createContext("/drip", this::drip);
    server.createContext("/latin1", exchange -> {
      byte[] bytes = "café".getBytes(StandardCharsets.ISO_8859_1);
      exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=ISO-8859-1");
      exchange.sendResponseHeaders(200, bytes.length);
      try (var out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    });
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

  /** Redirects are followed as {@code HttpClient.Redirect.NORMAL} does, relative ones too. */
  @Test
  void followsRedirectsToTheAnswer() {
    ProbeResult moved = new HttpProbe("site", url("/moved"),
        new HttpExpectation(200, java.util.Optional.of("status: ok")), ANSWERS_WITHIN,
        Clock.systemUTC()).check();
    ProbeResult twice = probe("/see-other", HttpExpectation.ok()).check();

    assertThat(moved.healthy()).as(moved.reason()).isTrue();
    assertThat(twice.healthy()).as(twice.reason()).isTrue();
  }

  /** A redirect loop ends after five hops with the last redirect's status. */
  @Test
  void aRedirectLoopEndsWithTheRedirectsStatus() {
    ProbeResult result = probe("/loop", HttpExpectation.ok()).check();

    assertThat(result.healthy()).isFalse();
    assertThat(result.reason()).startsWith("HTTP 302 from " + url("/loop"));
  }

  /**
   * The timeout bounds the whole answer, not each read: a server that sends a byte every 100 ms
   * for 3 s never leaves a read waiting 500 ms, and is still cut off at 500 ms.
   */
  @Test
  void theTimeoutBoundsTheWholeAnswerOfASlowDrip() {
    ProbeResult result = new HttpProbe("site", url("/drip"), HttpExpectation.ok(), TIMEOUT,
        Clock.systemUTC()).check();

    assertThat(result.healthy()).isFalse();
    assertThat(result.reason()).isEqualTo("no answer from " + url("/drip") + " within 500ms");
    assertThat(result.duration()).isLessThan(Duration.ofMillis(2500));
  }

  @Test
  void decodesTheBodyWithTheCharsetItsContentTypeNames() {
    ProbeResult result = new HttpProbe("site", url("/latin1"),
        new HttpExpectation(200, java.util.Optional.of("café")), ANSWERS_WITHIN,
        Clock.systemUTC()).check();

    assertThat(result.healthy()).as(result.reason()).isTrue();
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

  private static void redirect(HttpExchange exchange, int status, String location)
      throws IOException {
    exchange.getResponseHeaders().set("Location", location);
    exchange.sendResponseHeaders(status, -1);
    exchange.close();
  }

  /** 30 bytes, one every 100 ms, unless the client went away. */
  private void drip(HttpExchange exchange) throws IOException {
    exchange.sendResponseHeaders(200, 30);
    try (var out = exchange.getResponseBody()) {
      for (int i = 0; i < 30 && release.getCount() > 0; i++) {
        out.write('x');
        out.flush();
        if (release.await(100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
          return;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      // the probe gave up and closed the connection
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
