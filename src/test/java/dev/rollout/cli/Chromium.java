package dev.rollout.cli;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Debian's real Chromium, headless, driven over WebDriver: a {@code chromedriver} child process
 * on a free port of 127.0.0.1, spoken to with Java's HttpClient and JSON (no client library).
 * One browser session per instance; {@link #close()} ends it and stops the driver.
 */
final class Chromium implements AutoCloseable {

  static final Path BROWSER = Path.of("/usr/bin/chromium");
  static final Path DRIVER = Path.of("/usr/bin/chromedriver");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Process driver;
  private final URI base;
  private final HttpClient http = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(10)).build();
  private String session;

  private Chromium(Process driver, URI base) {
    this.driver = driver;
    this.base = base;
  }

  /** Why the browser cannot be used here, or empty when it can. */
  static Optional<String> missing() {
    if (!Files.isExecutable(BROWSER) || !Files.isExecutable(DRIVER)) {
      return Optional.of("Debian's chromium and chromium-driver are not installed (" + BROWSER
          + ", " + DRIVER + "); .ci/run installs them");
    }
    return Optional.empty();
  }

  /** Starts the driver and a headless browser with a window of {@code width} x {@code height}. */
  static Chromium start(Path log, int width, int height) throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Process p = new ProcessBuilder(DRIVER.toString(), "--port=" + port,
        "--allowed-ips=127.0.0.1", "--log-path=" + log).redirectErrorStream(true)
        .redirectOutput(log.resolveSibling(log.getFileName() + ".out").toFile()).start();
    Chromium c = new Chromium(p, URI.create("http://127.0.0.1:" + port + "/"));
    try {
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
          .ignoreExceptions().until(() -> c.call("GET", "status", null).path("ready")
              .asBoolean());
      c.session = c.newSession(width, height);
      return c;
    } catch (RuntimeException e) {
      c.close();
      throw e;
    }
  }

  private String newSession(int width, int height) {
    ObjectNode options = JSON.createObjectNode().put("binary", BROWSER.toString());
    List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--window-size=" + width + "," + height, "--hide-scrollbars")
        .forEach(options.putArray("args")::add);
    ObjectNode caps = JSON.createObjectNode();
    caps.putObject("capabilities").putObject("alwaysMatch").put("browserName", "chrome")
        .set("goog:chromeOptions", options);
    return call("POST", "session", caps).path("sessionId").asText();
  }

  /** Opens {@code page} and waits until it has loaded. */
  void open(Path page) {
    call("POST", "session/" + session + "/url", JSON.createObjectNode()
        .put("url", page.toUri().toString()));
  }

  /** Runs {@code script} (a function body that returns a value) in the page; its result. */
  JsonNode run(String script) {
    ObjectNode body = JSON.createObjectNode().put("script", script);
    body.putArray("args");
    return call("POST", "session/" + session + "/execute/sync", body);
  }

  /** Writes a PNG of what the window shows to {@code png}. */
  void screenshot(Path png) throws IOException {
    String data = call("GET", "session/" + session + "/screenshot", null).asText();
    Files.createDirectories(png.getParent());
    Files.write(png, Base64.getDecoder().decode(data));
  }

  /** Prints the page as the browser's print dialog would (print CSS applied) to {@code pdf}. */
  void print(Path pdf) throws IOException {
    ObjectNode body = JSON.createObjectNode().put("background", false);
    String data = call("POST", "session/" + session + "/print", body).asText();
    Files.createDirectories(pdf.getParent());
    Files.write(pdf, Base64.getDecoder().decode(data));
  }

  private JsonNode call(String method, String path, JsonNode body) {
    HttpRequest.Builder r = HttpRequest.newBuilder(base.resolve(path))
        .timeout(Duration.ofSeconds(120)).header("Content-Type", "application/json");
    r.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(body.toString()));
    try {
      HttpResponse<String> res = http.send(r.build(), HttpResponse.BodyHandlers.ofString());
      JsonNode value = JSON.readTree(res.body()).path("value");
      if (res.statusCode() != 200) {
        throw new IllegalStateException("WebDriver " + method + " " + path + ": "
            + res.statusCode() + " " + value.path("message").asText());
      }
      return value;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted talking to chromedriver", e);
    }
  }

  @Override
  public void close() {
    try {
      if (session != null) {
        call("DELETE", "session/" + session, null);
      }
    } catch (RuntimeException e) {
      // the driver's own end below also ends its browser
    } finally {
      driver.destroy();
      try {
        if (!driver.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
          driver.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        driver.destroyForcibly();
      }
    }
  }
}
