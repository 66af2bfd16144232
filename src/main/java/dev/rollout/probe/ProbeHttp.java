package dev.rollout.probe;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Objects;

/**
 * The one HTTP client of the probes that ask Prometheus and Alertmanager: a client has its own
 * selector thread and connection pool, and a fleet of a thousand hosts would otherwise hold a
 * thousand of each. Each request sets its own timeout. (Http probes, one small GET per host and
 * interval, run on their own thread through {@link BlockingHttp}, as this client would.)
 */
final class ProbeHttp {

  static final HttpClient CLIENT = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(10))
      .followRedirects(HttpClient.Redirect.NORMAL)
      .build();

  private ProbeHttp() {}

  /** {@code url} when it is an absolute http(s) URL; the message never shows it (a secret). */
  static URI checkedUrl(URI url) {
    String scheme = Objects.requireNonNull(url, "url").getScheme();
    if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme)
        || url.getHost() == null) {
      throw new IllegalArgumentException("not an absolute http(s) URL (not shown: it may hold a "
          + "secret)");
    }
    return url;
  }

  /** Whether {@code t} or one of its causes is a {@code type}. */
  static boolean causedBy(Throwable t, Class<? extends Throwable> type) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (type.isInstance(c)) {
        return true;
      }
    }
    return false;
  }
}
