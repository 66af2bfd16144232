package dev.rollout.probe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The few calls of Prometheus's HTTP API (v1) and Alertmanager's (v2) that probes make. TLS is
 * verified by the JDK's trust store; a bearer token, when given, goes in the {@code Authorization}
 * header and nowhere else. Every failure (connection, HTTP status, an API error, an answer that is
 * not the API's JSON) is an {@link Unavailable} whose message names the server and never the
 * token. Thread-safe.
 */
public final class PrometheusApi {

  /** The server could not answer the question: a probe error, never a health verdict. */
  public static final class Unavailable extends Exception {
    Unavailable(String message) {
      super(message);
    }
  }

  /** One sample. */
  public record Sample(Instant at, double value) {}

  /** One series of a result: its labels and its samples in time order (one for an instant). */
  public record Series(Map<String, String> labels, List<Sample> samples) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI base;
  private final Optional<String> token;
  private final Duration timeout;

  /**
   * @param base the server's URL, {@code http} or {@code https}, e.g. {@code http://prom:9090}
   * @param token a bearer token, or empty
   */
  public PrometheusApi(URI base, Optional<String> token, Duration timeout) {
    String b = ProbeHttp.checkedUrl(base).toString();
    this.base = URI.create(b.endsWith("/") ? b.substring(0, b.length() - 1) : b);
    this.token = Objects.requireNonNull(token, "token");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
  }

  /** The server's URL, for display (a URL never holds the token). */
  public URI base() {
    return base;
  }

  /** An instant query at {@code at}. */
  public List<Series> query(String promql, Instant at) throws Unavailable {
    JsonNode data = get("/api/v1/query?query=" + enc(promql) + "&time=" + seconds(at));
    return series(data);
  }

  /** A range query from {@code start} to {@code end} every {@code step}. */
  public List<Series> queryRange(String promql, Instant start, Instant end, Duration step)
      throws Unavailable {
    JsonNode data = get("/api/v1/query_range?query=" + enc(promql) + "&start=" + seconds(start)
        + "&end=" + seconds(end) + "&step=" + Math.max(1, step.toSeconds()) + "s");
    return series(data);
  }

  /** Prometheus's active alerts ({@code /api/v1/alerts}): labels, state and activeAt. */
  public JsonNode prometheusAlerts() throws Unavailable {
    return get("/api/v1/alerts").path("alerts");
  }

  /**
   * Alertmanager's alerts ({@code /api/v2/alerts}) that are active, neither silenced nor inhibited,
   * and match every {@code label="value"} filter.
   */
  public JsonNode alertmanagerAlerts(Map<String, String> match) throws Unavailable {
    StringBuilder q = new StringBuilder("/api/v2/alerts?active=true&silenced=false"
        + "&inhibited=false&unprocessed=false");
    match.forEach((k, v) -> q.append("&filter=").append(enc(k + "=\"" + PromQl.labelValue(v)
        + "\"")));
    return send(q.toString());
  }

  private JsonNode get(String pathAndQuery) throws Unavailable {
    JsonNode root = send(pathAndQuery);
    if (!"success".equals(root.path("status").asText())) {
      throw new Unavailable("Prometheus at " + base + " refused the query: "
          + root.path("errorType").asText("error") + ": " + root.path("error").asText("?"));
    }
    return root.path("data");
  }

  private JsonNode send(String pathAndQuery) throws Unavailable {
    HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(base + pathAndQuery))
        .timeout(timeout).header("Accept", "application/json").GET();
    token.ifPresent(t -> req.header("Authorization", "Bearer " + t));
    HttpResponse<String> resp;
    try {
      resp = ProbeHttp.CLIENT.send(req.build(), HttpResponse.BodyHandlers.ofString());
    } catch (HttpTimeoutException e) {
      throw new Unavailable("no answer from " + base + " within " + Reasons.duration(timeout));
    } catch (IOException e) {
      boolean refused = ProbeHttp.causedBy(e, java.net.ConnectException.class);
      throw new Unavailable("cannot reach " + base + ": " + (refused ? "connection refused"
          : Reasons.rootMessage(e)));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Unavailable("interrupted while asking " + base);
    }
    JsonNode root;
    try {
      root = JSON.readTree(resp.body());
    } catch (IOException e) {
      throw new Unavailable("HTTP " + resp.statusCode() + " from " + base
          + " is not the API's JSON");
    }
    if (resp.statusCode() / 100 != 2 && !root.has("error")) {
      throw new Unavailable("HTTP " + resp.statusCode() + " from " + base);
    }
    return root;
  }

  private static List<Series> series(JsonNode data) throws Unavailable {
    String type = data.path("resultType").asText();
    JsonNode result = data.path("result");
    List<Series> out = new ArrayList<>();
    switch (type) {
      case "scalar" -> out.add(new Series(Map.of(), List.of(sample(result))));
      case "vector" -> {
        for (JsonNode s : result) {
          out.add(new Series(labels(s.path("metric")), List.of(sample(s.path("value")))));
        }
      }
      case "matrix" -> {
        for (JsonNode s : result) {
          List<Sample> samples = new ArrayList<>();
          for (JsonNode v : s.path("values")) {
            samples.add(sample(v));
          }
          out.add(new Series(labels(s.path("metric")), samples));
        }
      }
      default -> throw new Unavailable("the query's result is a " + type
          + ", not a number: use a query that returns a vector or a scalar");
    }
    return out;
  }

  private static Sample sample(JsonNode pair) {
    double t = pair.path(0).asDouble();
    String v = pair.path(1).asText();
    double value = switch (v) {
      case "+Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      case "NaN" -> Double.NaN;
      default -> Double.parseDouble(v);
    };
    return new Sample(Instant.ofEpochMilli(Math.round(t * 1000)), value);
  }

  private static Map<String, String> labels(JsonNode metric) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = metric.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      out.put(e.getKey(), e.getValue().asText());
    }
    return out;
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static String seconds(Instant t) {
    return String.format(java.util.Locale.ROOT, "%.3f", t.toEpochMilli() / 1000.0);
  }
}
