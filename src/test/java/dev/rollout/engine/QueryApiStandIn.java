package dev.rollout.engine;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.DoubleSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Prometheus's instant-query API ({@code /api/v1/query}) as engine tests on virtual time need it:
 * one series per host, labelled {@code host}, whose value the test sets, sampled at the query's
 * own {@code time} (the virtual clock's). The query's {@code host="x"} or {@code host=~"a|b"}
 * matcher picks the hosts; nothing else of PromQL is read. Real Prometheus is in {@code
 * MetricProbeRunTest}: it cannot follow a virtual clock.
 */
final class QueryApiStandIn implements AutoCloseable {

  private static final Pattern HOST = Pattern.compile("host=(~?)\"([^\"]*)\"");
  private final HttpServer server;
  private final Map<String, DoubleSupplier> values = new ConcurrentHashMap<>();

  QueryApiStandIn() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/api/v1/query", x -> {
      byte[] body = answer(x.getRequestURI().getRawQuery()).getBytes(StandardCharsets.UTF_8);
      x.getResponseHeaders().add("Content-Type", "application/json");
      x.sendResponseHeaders(200, body.length);
      try (OutputStream out = x.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** The host's value from now on, read at each query. */
  QueryApiStandIn set(String host, DoubleSupplier value) {
    values.put(host, value);
    return this;
  }

  private String answer(String rawQuery) {
    Map<String, String> params = new TreeMap<>();
    for (String kv : rawQuery.split("&")) {
      int eq = kv.indexOf('=');
      params.put(kv.substring(0, eq), URLDecoder.decode(kv.substring(eq + 1),
          StandardCharsets.UTF_8));
    }
    Matcher m = HOST.matcher(params.getOrDefault("query", ""));
    Pattern hosts = !m.find() ? Pattern.compile(".*") : m.group(1).isEmpty()
        ? Pattern.compile(Pattern.quote(m.group(2))) : Pattern.compile(m.group(2));
    StringBuilder result = new StringBuilder();
    new TreeMap<>(values).forEach((h, v) -> {
      if (hosts.matcher(h).matches()) {
        result.append(result.length() == 0 ? "" : ",").append("{\"metric\":{\"host\":\"")
            .append(h).append("\"},\"value\":[").append(params.get("time")).append(",\"")
            .append(v.getAsDouble()).append("\"]}");
      }
    });
    return "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[" + result
        + "]}}";
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
