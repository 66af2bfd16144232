package dev.rollout.notify;

import static dev.rollout.notify.Runs.AT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rollout.engine.Event;
import dev.rollout.engine.FailureClass;
import dev.rollout.engine.MemoryJournal;
import dev.rollout.engine.Outcome;
import dev.rollout.engine.RunState;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A receiver that never answers must not slow the run, and must not leak the URL's secret. */
class NotifierDeliveryTest {

  private final List<String> undelivered = new CopyOnWriteArrayList<>();
  private WebhookReceiver receiver;
  private RunState state;

  @BeforeEach
  void start() throws IOException {
    receiver = new WebhookReceiver();
    receiver.hang();
    state = new RunState(new MemoryJournal(), List.of(), Clock.fixed(AT, ZoneOffset.UTC),
        Runs.TARGETS, 0);
  }

  @AfterEach
  void stop() {
    receiver.close();
  }

  @Test
  void aDeadReceiverNeitherDelaysTheRunNorLeaksTheSecret() {
    WebhookChannel.Delivery delivery =
        new WebhookChannel.Delivery(Duration.ofMillis(300), 3, Duration.ofMillis(10));
    String url = receiver.url("/services/T000/B000/XXXXSECRET?token=TOPSECRET");
    // the secret must appear in no output either, so this test watches stdout and stderr too
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    PrintStream out = System.out;
    PrintStream err = System.err;
    System.setOut(new PrintStream(output, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(output, true, StandardCharsets.UTF_8));
    try (Notifier notifier = notifier(delivery, Duration.ofSeconds(10), url)) {
      long start = System.nanoTime();
      notifier.onEvent(Runs.started(), state);
      assertThat(millisSince(start)).isLessThan(200);

      await().atMost(Duration.ofSeconds(15)).until(() -> !undelivered.isEmpty());
      assertThat(millisSince(start)).isGreaterThanOrEqualTo(900);
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
    assertThat(receiver.bodies()).hasSize(3);
    assertThat(undelivered).containsExactly("notification run-started not delivered: webhook "
        + receiver.url("/****") + ": no answer within 300 ms (3 attempt(s))");
    assertThat(String.join("\n", undelivered) + output.toString(StandardCharsets.UTF_8))
        .doesNotContain("XXXXSECRET", "TOPSECRET", "/services");
  }

  @Test
  void closeWaitsOnlyUpToTheDrainLimitAndReportsWhatIsLeft() {
    WebhookChannel.Delivery delivery =
        new WebhookChannel.Delivery(Duration.ofSeconds(5), 1, Duration.ofMillis(10));
    Notifier notifier = notifier(delivery, Duration.ofMillis(200), receiver.url("/hook"));
    notifier.onEvent(Runs.started(), state);
    notifier.onEvent(new Event.HostFailed(AT, "off-net", FailureClass.UNREACHABLE, "no route", 1),
        state);
    notifier.onEvent(new Event.RunEnded(AT, Outcome.NEEDS_ATTENTION, "halted"), state);
    await().atMost(Duration.ofSeconds(5)).until(() -> receiver.bodies().size() == 1);

    long start = System.nanoTime();
    notifier.close();

    assertThat(millisSince(start)).isLessThan(3000);
    assertThat(undelivered).hasSize(3).anySatisfy(m -> assertThat(m).startsWith(
        "notification run-started not delivered: webhook " + receiver.url("/****")
            + ": interrupted"));
    assertThat(undelivered).filteredOn(m -> m.contains("not sent: the run ended"))
        .extracting(m -> m.split(" ")[1]).containsExactly("host-failed", "run-halted");
  }

  private Notifier notifier(WebhookChannel.Delivery delivery, Duration drain, String url) {
    return new Notifier("20261125-1", "docker-storage-driver", null,
        List.of(new WebhookChannel(url, delivery)), (n, why) -> undelivered.add(why), drain);
  }

  private static long millisSince(long start) {
    return (System.nanoTime() - start) / 1_000_000;
  }
}
