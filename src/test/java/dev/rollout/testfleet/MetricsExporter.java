package dev.rollout.testfleet;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.DoubleSupplier;

/**
 * A tiny Prometheus exporter on one loopback address: serves {@code /metrics} in the text format
 * with gauges whose values the test sets (or computes on each scrape). Stop with {@link #close()}.
 */
public final class MetricsExporter implements AutoCloseable {

  private final HttpServer server;
  private final Map<String, DoubleSupplier> metrics = new ConcurrentHashMap<>();

  private MetricsExporter(HttpServer server) {
    this.server = server;
  }

  /** Starts serving on {@code address}:{@code port}. */
  public static MetricsExporter start(String address, int port) {
    try {
      HttpServer s = HttpServer.create(new InetSocketAddress(address, port), 16);
      MetricsExporter e = new MetricsExporter(s);
      s.createContext("/metrics", x -> {
        byte[] body = e.text().getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4");
        x.sendResponseHeaders(200, body.length);
        try (OutputStream out = x.getResponseBody()) {
          out.write(body);
        }
      });
      s.start();
      return e;
    } catch (IOException ex) {
      throw new UncheckedIOException("cannot serve metrics on " + address + ":" + port, ex);
    }
  }

  /** Sets a gauge to a fixed value. */
  public MetricsExporter set(String name, double value) {
    metrics.put(name, () -> value);
    return this;
  }

  /** Computes a gauge on each scrape. */
  public MetricsExporter compute(String name, DoubleSupplier value) {
    metrics.put(name, value);
    return this;
  }

  /** Stops serving a gauge: queries of it find no data once Prometheus marks it stale. */
  public MetricsExporter remove(String name) {
    metrics.remove(name);
    return this;
  }

  private String text() {
    StringBuilder out = new StringBuilder();
    new java.util.TreeMap<>(metrics).forEach((name, v) -> out.append("# TYPE ")
        .append(name).append(" gauge\n").append(name).append(' ').append(v.getAsDouble())
        .append('\n'));
    return out.toString();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
