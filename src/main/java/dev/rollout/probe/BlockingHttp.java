package dev.rollout.probe;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One GET on the calling thread, for http probes: a check is a few system calls on the probe's
 * own thread, where the JDK's {@code HttpClient} hands every exchange between its selector thread,
 * its executor's threads and the caller (1.6 % of a core for a busy worker's 1,000 probes every
 * 30 s, bench/RESULTS.md). It behaves as {@link ProbeHttp#CLIENT} did for a probe:
 *
 * <ul>
 *   <li>{@code timeout} bounds the whole answer, redirects included, not each read: a deadline
 *       timer closes the connection when it passes, and the check then fails with {@link
 *       HttpTimeoutException}, as the client's request timeout did;
 *   <li>redirects (301, 302, 303, 307, 308) are followed, at most {@value #MAX_REDIRECTS}, except
 *       from HTTPS to HTTP ({@code HttpClient.Redirect.NORMAL});
 *   <li>no proxy (the client had no proxy selector), TLS verified against the JDK's default trust
 *       store with the host name checked, no caches;
 *   <li>the body is decoded with the charset its {@code Content-Type} names, else UTF-8.
 * </ul>
 *
 * Idle connections are kept by the JDK's HTTP keep-alive cache for the next check of the host.
 */
final class BlockingHttp {

  static final int MAX_REDIRECTS = 5;

  private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);

  /** Closes connections whose deadline passed; a check cancels its own when it ends in time. */
  private static final ScheduledThreadPoolExecutor DEADLINES = deadlines();

  private BlockingHttp() {}

  /** A status and a body. */
  record Answer(int status, String body) {}

  static Answer get(URI url, Duration timeout) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    URI current = url;
    for (int redirects = 0; ; redirects++) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw timedOut();
      }
      HttpURLConnection c = (HttpURLConnection) current.toURL().openConnection(Proxy.NO_PROXY);
      c.setInstanceFollowRedirects(false);
      c.setUseCaches(false);
      int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, TimeUnit.NANOSECONDS.toMillis(left)));
      c.setConnectTimeout(millis);
      c.setReadTimeout(millis);
      AtomicBoolean cut = new AtomicBoolean();
      ScheduledFuture<?> guard = DEADLINES.schedule(() -> {
        cut.set(true);
        c.disconnect();
      }, left, TimeUnit.NANOSECONDS);
      try {
        int status = c.getResponseCode();
        URI next = REDIRECTS.contains(status) && redirects < MAX_REDIRECTS
            ? redirectTarget(current, c.getHeaderField("Location")) : null;
        String body = body(c, status);
        if (next != null) {
          current = next;
          continue;
        }
        return new Answer(status, body);
      } catch (SocketTimeoutException e) {
        throw timedOut();
      } catch (IOException e) {
        if (cut.get()) {
          throw timedOut();
        }
        throw e;
      } finally {
        guard.cancel(false);
      }
    }
  }

  /** Where a redirect goes; null when it goes nowhere this client follows (HTTPS to HTTP). */
  static URI redirectTarget(URI from, String location) {
    if (location == null || location.isBlank()) {
      return null;
    }
    URI to;
    try {
      to = from.resolve(new URI(location.strip()));
    } catch (URISyntaxException | IllegalArgumentException e) {
      return null;
    }
    String scheme = to.getScheme() == null ? "" : to.getScheme().toLowerCase(Locale.ROOT);
    boolean fromTls = "https".equalsIgnoreCase(from.getScheme());
    if (!scheme.equals("http") && !scheme.equals("https") || fromTls && scheme.equals("http")
        || to.getHost() == null) {
      return null;
    }
    return to;
  }

  /** The whole body, read to its end so that the connection can be used again. */
  private static String body(HttpURLConnection c, int status) throws IOException {
    InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
    if (in == null) {
      return "";
    }
    try (in) {
      return new String(in.readAllBytes(), charset(c.getContentType()));
    }
  }

  private static Charset charset(String contentType) {
    if (contentType != null) {
      for (String part : contentType.split(";")) {
        String p = part.strip();
        if (p.regionMatches(true, 0, "charset=", 0, 8)) {
          try {
            return Charset.forName(p.substring(8).replace("\"", "").strip());
          } catch (IllegalArgumentException e) {
            break;
          }
        }
      }
    }
    return StandardCharsets.UTF_8;
  }

  private static HttpTimeoutException timedOut() {
    return new HttpTimeoutException("request timed out");
  }

  private static ScheduledThreadPoolExecutor deadlines() {
    ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, task -> {
      Thread t = new Thread(null, task, "rollout-http-deadline", 256 * 1024);
      t.setDaemon(true);
      return t;
    });
    timer.setRemoveOnCancelPolicy(true);
    return timer;
  }
}
