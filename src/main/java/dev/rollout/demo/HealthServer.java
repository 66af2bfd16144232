package dev.rollout.demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * {@code GET /health} of one embedded host: 200 {@code ok} (and the sandbox's {@code version}
 * file, if any), or 503 when the sandbox holds a file named {@code unhealthy} or the fail deadline
 * passed. Stopped, it answers nothing: connections are refused. Its port survives a restart.
 */
public final class HealthServer {

  private final String address;
  private final Path sandbox;
  private volatile Instant failAfter = Instant.MAX;
  private HttpServer server;
  private int port;

  public HealthServer(String address, Path sandbox) {
    this.address = address;
    this.sandbox = sandbox;
  }

  /** The port, once started (0 before). */
  public int port() {
    return port;
  }

  /** Answers 503 from {@code deadline} on. */
  public void failAfter(Instant deadline) {
    this.failAfter = deadline;
  }

  /** Starts answering, on the same port as before if it ran already. */
  public synchronized void start() {
    try {
      server = HttpServer.create(new InetSocketAddress(address, port), 16);
      server.createContext("/health", this::answer);
      server.start();
      port = server.getAddress().getPort();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the health endpoint on " + address, e);
    }
  }

  /** Stops answering at once. */
  public synchronized void stop() {
    if (server != null) {
      server.stop(0);
      server = null;
    }
  }

  private void answer(HttpExchange exchange) throws IOException {
    boolean healthy =
        !Files.exists(sandbox.resolve("unhealthy")) && Instant.now().isBefore(failAfter);
    Path versionFile = sandbox.resolve("version");
    String version = Files.exists(versionFile) ? " " + Files.readString(versionFile).strip() : "";
    String text = (healthy ? "ok" : "unhealthy") + version + "\n";
    byte[] body = text.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(healthy ? 200 : 503, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }
}
