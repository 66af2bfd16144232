package dev.rollout.notify;

import static dev.rollout.notify.Runs.AT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Delivery to a real HTTP receiver: retries, final answers, credentials, redaction. */
class WebhookChannelTest {

  private static final WebhookChannel.Delivery FAST =
      new WebhookChannel.Delivery(Duration.ofSeconds(2), 3, Duration.ofMillis(10));

  private WebhookReceiver receiver;

  @BeforeEach
  void start() throws IOException {
    receiver = new WebhookReceiver();
  }

  @AfterEach
  void stop() {
    receiver.close();
  }

  @Test
  void triesAgainAfterA500AndDeliversOnce() throws Exception {
    receiver.answer(500);

    channel("/hook").deliver(notification());

    assertThat(receiver.bodies()).hasSize(2);
    assertThat(receiver.events()).containsExactly("run-started", "run-started");
  }

  @Test
  void triesAgainAfterA429() throws Exception {
    receiver.answer(429, 503);

    channel("/hook").deliver(notification());

    assertThat(receiver.bodies()).hasSize(3);
  }

  @Test
  void givesUpAtOnceOnA404() {
    receiver.answer(404);

    assertThatThrownBy(() -> channel("/hook").deliver(notification()))
        .isInstanceOf(DeliveryException.class)
        .hasMessage("webhook " + receiver.url("/****") + ": answered HTTP 404 (1 attempt(s))");
    assertThat(receiver.bodies()).hasSize(1);
  }

  @Test
  void givesUpAfterEveryAttemptFailsWithoutNamingTheSecret() {
    receiver.answer(502, 502, 502);

    assertThatThrownBy(() -> channel("/services/T000/B000/XXXXSECRET").deliver(notification()))
        .hasMessage("webhook " + receiver.url("/****") + ": answered HTTP 502 (3 attempt(s))");
    assertThat(receiver.bodies()).hasSize(3);
  }

  @Test
  void reportsARefusedConnectionWithoutTheCredentials() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    String url = "http://rollout:PASSW0RD@127.0.0.1:" + closed + "/hook?token=TOKEN123";
    WebhookChannel channel = new WebhookChannel(url, FAST);

    assertThatThrownBy(() -> channel.deliver(notification()))
        .hasMessage("webhook http://127.0.0.1:" + closed + "/****: could not connect: "
            + "connection refused by 127.0.0.1:" + closed + " (3 attempt(s))");
    assertThat(channel.describe()).doesNotContain("PASSW0RD", "TOKEN123", "rollout:", "/hook");
  }

  @Test
  void sendsCredentialsOfTheUrlAsBasicAuthentication() throws Exception {
    String url = receiver.url("/hook").replace("http://", "http://rollout:s%40cret@");

    new WebhookChannel(url, FAST).deliver(notification());

    String expected = Base64.getEncoder()
        .encodeToString("rollout:s@cret".getBytes(StandardCharsets.UTF_8));
    assertThat(receiver.authorizations()).containsExactly("Basic " + expected);
  }

  @Test
  void refusesANonHttpUrlWithoutQuotingIt() {
    assertThatThrownBy(() -> new WebhookChannel("ftp://u:SECRET@files.example.net/x", FAST))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("notify.webhook is not an http(s) URL: ftp://files.example.net/****");
    assertThatThrownBy(() -> new WebhookChannel("https://h/{SECRET}", FAST))
        .hasMessageNotContaining("SECRET");
  }

  @ParameterizedTest
  @CsvSource({
      "https://hooks.slack.com/services/T000/B000/XXXXSECRET, https://hooks.slack.com/****",
      "https://user:password@hooks.example.net/rollout, https://hooks.example.net/****",
      "http://hooks.example.net:8080/rollout?token=abc, http://hooks.example.net:8080/****",
      "https://[::1]:9/x, https://[::1]:9/****",
      "not a url at all SECRET, ****",
      "/relative/SECRET, ****"})
  void redactsEverythingButSchemeHostAndPort(String url, String expected) {
    assertThat(WebhookChannel.redacted(url)).isEqualTo(expected);
  }

  private WebhookChannel channel(String path) {
    return new WebhookChannel(receiver.url(path), FAST);
  }

  private static Notification notification() {
    return new Notification(Kind.RUN_STARTED, ":rocket: started", "r1", "p", null, null, null,
        AT, null);
  }
}
