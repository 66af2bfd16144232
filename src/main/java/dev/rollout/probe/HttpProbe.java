package dev.rollout.probe;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import javax.net.ssl.SSLException;

/**
 * GETs a URL and compares the answer with an {@link HttpExpectation}. TLS is always verified
 * against the JDK's default trust store and the certificate must match the host name: there is no
 * option to trust any certificate. Redirects are followed, except from HTTPS to HTTP, as health
 * checks of load balancers and Kubernetes do.
 */
public final class HttpProbe implements Probe {

  private final String name;
  private final URI url;
  private final HttpExpectation expect;
  private final Duration timeout;
  private final Clock clock;
  private final OutputMask mask;

  /** A probe whose URL and answers hold no secret to hide. */
  public HttpProbe(String name, URI url, HttpExpectation expect, Duration timeout, Clock clock) {
    this(name, url, expect, timeout, clock, OutputMask.NONE);
  }

  /**
   * @param url an absolute {@code http} or {@code https} URL
   * @param timeout the limit for connecting and for the whole answer
   * @param mask hides the secrets in the body kept and the reason, before either is cut
   */
  public HttpProbe(String name, URI url, HttpExpectation expect, Duration timeout, Clock clock,
      OutputMask mask) {
    this.mask = Objects.requireNonNull(mask, "mask");
    this.name = Objects.requireNonNull(name, "name");
    this.url = ProbeHttp.checkedUrl(url);
    this.expect = Objects.requireNonNull(expect, "expect");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String kind() {
    return "http";
  }

  @Override
  public String target() {
    return mask.mask(url.toString());
  }

  @Override
  public ProbeResult check() {
    Instant start = clock.instant();
    try {
      return judge(BlockingHttp.get(url, timeout), start);
    } catch (IOException e) {
      return ProbeResult.unhealthy(name, mask.mask(failure(e)), start, clock.instant());
    }
  }

  private ProbeResult judge(BlockingHttp.Answer answer, Instant start) {
    int status = answer.status();
    String body = mask.mask(answer.body());
    if (status != expect.status()) {
      String reason = "HTTP " + status + " from " + url + " (expected " + expect.status() + ")";
      return new ProbeResult(
          name, ProbeResult.Outcome.UNHEALTHY, mask.mask(reason), body, start, since(start));
    }
    if (expect.bodyContains().isPresent() && !body.contains(expect.bodyContains().get())) {
      String reason =
          "HTTP " + status + " from " + url + " without \"" + expect.bodyContains().get() + "\"";
      return new ProbeResult(
          name, ProbeResult.Outcome.UNHEALTHY, mask.mask(reason), body, start, since(start));
    }
    return ProbeResult.healthy(name, "HTTP " + status, start, clock.instant());
  }

  private String failure(IOException e) {
    if (e instanceof HttpTimeoutException) {
      return "no answer from " + url + " within " + Reasons.duration(timeout);
    }
    if (ProbeHttp.causedBy(e, ConnectException.class)
        && !ProbeHttp.causedBy(e, SSLException.class)) {
      return "connection refused to " + authority() + " (" + url + ")";
    }
    if (ProbeHttp.causedBy(e, GeneralSecurityException.class)) {
      return "TLS certificate rejected for " + url + ": " + Reasons.rootMessage(e);
    }
    if (ProbeHttp.causedBy(e, SSLException.class)) {
      return "TLS handshake failed with " + url + ": " + Reasons.rootMessage(e);
    }
    return "request to " + url + " failed: " + Reasons.rootMessage(e);
  }

  private String authority() {
    boolean tls = "https".equalsIgnoreCase(url.getScheme());
    return url.getHost() + ":" + (url.getPort() != -1 ? url.getPort() : tls ? 443 : 80);
  }

  private Duration since(Instant start) {
    return Duration.between(start, clock.instant());
  }
}
