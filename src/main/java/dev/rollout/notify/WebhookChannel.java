package dev.rollout.notify;

import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Posts each notification as JSON to a webhook (Slack, Mattermost, or any receiver). Connection
 * failures, timeouts, 5xx and 429 are tried again with exponential backoff and jitter; any other
 * answer outside 2xx is final, and redirects are not followed. The URL often holds a secret (a
 * Slack hook path, {@code user:password@}, a {@code ?token=}): it appears only as {@link
 * #redacted(String)} in messages. Credentials in the URL are sent as HTTP basic authentication.
 */
public final class WebhookChannel implements Channel {

  /**
   * How a webhook is tried.
   *
   * @param timeout limit of one attempt, to connect and to get the answer
   * @param attempts tries in all, at least 1
   * @param backoff wait before the second try; doubled for each next one, with ±50% jitter
   */
  public record Delivery(Duration timeout, int attempts, Duration backoff) {

    /** 5 s per attempt, 3 attempts, 200 ms then 400 ms between them (±50%). */
    public static final Delivery DEFAULT =
        new Delivery(Duration.ofSeconds(5), 3, Duration.ofMillis(200));

    public Delivery {
      if (timeout.isNegative() || timeout.isZero() || attempts < 1 || backoff.isNegative()
          || backoff.isZero()) {
        throw new IllegalArgumentException("webhook delivery needs a positive timeout and "
            + "backoff and at least one attempt: " + timeout + ", " + attempts + ", " + backoff);
      }
    }
  }

  private final WebhookUrl url;
  private final Delivery delivery;
  private final HttpClient client;
  private final Retry retry;

  /** @throws IllegalArgumentException when {@code url} is not http(s); the message is redacted */
  public WebhookChannel(String url, Delivery delivery) {
    this.url = WebhookUrl.parse(url);
    this.delivery = delivery;
    this.client = HttpClient.newBuilder().connectTimeout(delivery.timeout())
        .followRedirects(HttpClient.Redirect.NEVER).build();
    this.retry = Retry.of("webhook", RetryConfig.custom().maxAttempts(delivery.attempts())
        .intervalFunction(IntervalFunction.ofExponentialRandomBackoff(delivery.backoff(), 2.0, 0.5))
        .retryOnException(e -> e instanceof DeliveryException d && d.retryable()).build());
  }

  /**
   * {@code scheme://host[:port]/****}: the URL without credentials, path or query, for messages.
   * Anything that does not parse as a URL with a host is {@code ****}.
   */
  public static String redacted(String url) {
    return WebhookUrl.redact(url);
  }

  @Override
  public void deliver(Notification n) throws DeliveryException, InterruptedException {
    AtomicInteger attempts = new AtomicInteger();
    try {
      Retry.decorateCheckedRunnable(retry, () -> attempt(n, attempts)).run();
    } catch (DeliveryException e) {
      if (Thread.currentThread().isInterrupted()) {
        throw new InterruptedException();
      }
      throw new DeliveryException(describe() + ": " + e.getMessage() + " (" + attempts.get()
          + " attempt(s))", false);
    } catch (InterruptedException e) {
      throw e;
    } catch (Throwable e) {
      throw new DeliveryException(describe() + ": " + dev.rollout.transport.Causes.words(e),
          false);
    }
  }

  @Override
  public String describe() {
    return "webhook " + url.redacted();
  }

  private void attempt(Notification n, AtomicInteger attempts)
      throws DeliveryException, InterruptedException {
    attempts.incrementAndGet();
    int status;
    try {
      status = client.send(request(n), BodyHandlers.discarding()).statusCode();
    } catch (HttpTimeoutException e) {
      throw new DeliveryException("no answer within " + delivery.timeout().toMillis() + " ms",
          true);
    } catch (ConnectException e) {
      throw new DeliveryException("could not connect: " + dev.rollout.transport.Causes.words(e,
          url.target().getHost() + ":" + port()), true);
    } catch (IOException e) {
      throw new DeliveryException("connection failed: " + dev.rollout.transport.Causes.words(e,
          url.target().getHost() + ":" + port()), true);
    }
    if (status / 100 != 2) {
      throw new DeliveryException("answered HTTP " + status, status >= 500 || status == 429);
    }
  }

  private int port() {
    int p = url.target().getPort();
    return p != -1 ? p : "https".equalsIgnoreCase(url.target().getScheme()) ? 443 : 80;
  }

  private HttpRequest request(Notification n) {
    HttpRequest.Builder b = HttpRequest.newBuilder(url.target()).timeout(delivery.timeout())
        .header("Content-Type", "application/json").header("User-Agent", "rollout")
        .POST(HttpRequest.BodyPublishers.ofString(n.toJson(), StandardCharsets.UTF_8));
    if (url.authorization() != null) {
      b.header("Authorization", url.authorization());
    }
    return b.build();
  }
}
