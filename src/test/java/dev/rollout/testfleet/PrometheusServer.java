package dev.rollout.testfleet;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Debian's real Prometheus ({@code /usr/bin/prometheus}) or Alertmanager ({@code
 * /usr/bin/prometheus-alertmanager}) as a child process on a loopback address, with its data in
 * a private directory; Prometheus scrapes the given targets every second and evaluates the given
 * rules every second. Check {@link #prometheusAvailable()} first and skip when false. Stopped by
 * its own process handle, never by name.
 */
public final class PrometheusServer implements AutoCloseable {

  public static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
  public static final Path ALERTMANAGER = Path.of("/usr/bin/prometheus-alertmanager");

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final URI url;
  private final Path dir;
  private final List<String> command;
  private Process process;

  private PrometheusServer(URI url, Path dir, List<String> command) {
    this.url = url;
    this.dir = dir;
    this.command = command;
  }

  public static boolean prometheusAvailable() {
    return Files.isExecutable(PROMETHEUS);
  }

  public static boolean alertmanagerAvailable() {
    return Files.isExecutable(ALERTMANAGER);
  }

  /**
   * Starts Prometheus on {@code address:port} scraping {@code targets} (host name -> {@code
   * address:port}, each labelled {@code host="NAME"}) every second, with {@code rules} (YAML of
   * rule groups, or empty) and, when {@code alertmanager} is not null, sending alerts there.
   */
  public static PrometheusServer prometheus(Path dir, String address, int port,
      Map<String, String> targets, String rules, URI alertmanager) {
    try {
      Files.createDirectories(dir);
      StringBuilder cfg = new StringBuilder("global:\n  scrape_interval: 1s\n"
          + "  evaluation_interval: 1s\n");
      if (!rules.isEmpty()) {
        Files.writeString(dir.resolve("rules.yml"), rules);
        cfg.append("rule_files: [").append(dir.resolve("rules.yml")).append("]\n");
      }
      if (alertmanager != null) {
        cfg.append("alerting:\n  alertmanagers:\n    - static_configs:\n        - targets: [\"")
            .append(alertmanager.getAuthority()).append("\"]\n");
      }
      cfg.append("scrape_configs:\n  - job_name: hosts\n    static_configs:\n");
      targets.forEach((name, target) -> cfg.append("      - targets: [\"").append(target)
          .append("\"]\n        labels: {host: \"").append(name).append("\"}\n"));
      Files.writeString(dir.resolve("prometheus.yml"), cfg);
      List<String> cmd = List.of(PROMETHEUS.toString(),
          "--config.file=" + dir.resolve("prometheus.yml"),
          "--storage.tsdb.path=" + dir.resolve("data"),
          "--web.listen-address=" + address + ":" + port,
          "--log.level=warn");
      PrometheusServer s = new PrometheusServer(URI.create("http://" + address + ":" + port), dir,
          cmd);
      return s.launch();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Starts Alertmanager on {@code address:port}, clustering off. */
  public static PrometheusServer alertmanager(Path dir, String address, int port) {
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve("alertmanager.yml"),
          "route:\n  receiver: none\n  group_wait: 1s\nreceivers:\n  - name: none\n");
      List<String> cmd = List.of(ALERTMANAGER.toString(),
          "--config.file=" + dir.resolve("alertmanager.yml"),
          "--storage.path=" + dir.resolve("data"),
          "--web.listen-address=" + address + ":" + port,
          "--cluster.listen-address=",
          "--log.level=warn");
      return new PrometheusServer(URI.create("http://" + address + ":" + port), dir, cmd)
          .launch();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private PrometheusServer launch() throws IOException {
    process = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true)
        .redirectOutput(dir.resolve("server.log").toFile()).start();
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
        .until(() -> {
          if (!process.isAlive()) {
            throw new IllegalStateException(command.get(0) + " exited: "
                + Files.readString(dir.resolve("server.log")));
          }
          return status("/-/ready") == 200;
        });
    return this;
  }

  public URI url() {
    return url;
  }

  /** A GET of {@code path}: its HTTP status, or -1 when nothing answers. */
  public int status(String path) {
    try {
      return HTTP.send(HttpRequest.newBuilder(url.resolve(path)).timeout(Duration.ofSeconds(5))
          .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /** A GET of {@code path}, its body. */
  public String get(String path) {
    return send(HttpRequest.newBuilder(url.resolve(path)).build());
  }

  /** A POST of JSON to {@code path}, its body. */
  public String postJson(String path, String json) {
    return send(HttpRequest.newBuilder(url.resolve(path)).header("Content-Type",
        "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build());
  }

  private String send(HttpRequest r) {
    try {
      HttpResponse<String> resp = HTTP.send(r, HttpResponse.BodyHandlers.ofString());
      if (resp.statusCode() / 100 != 2) {
        throw new IllegalStateException(r.uri() + ": HTTP " + resp.statusCode() + " "
            + resp.body());
      }
      return resp.body();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Kills the server by its own process (SIGKILL: its data is thrown away with its directory, and
   * a server that dies is what a probe must survive) and waits; a second call does nothing.
   */
  public void stop() {
    if (process == null) {
      return;
    }
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    process = null;
  }

  @Override
  public void close() {
    stop();
  }
}
