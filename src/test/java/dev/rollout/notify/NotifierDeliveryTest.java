package dev.rollout.notify;

import static dev.rollout.notify.Runs.AT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rollout.engine.Event;
import dev.rollout.engine.FailureClass;
import dev.rollout.engine.MemoryJournal;
import dev.rollout.engine.Outcome;
import dev.rollout.engine.RunState;
import java.io.IOException;
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
        new WebhookChannel.Delivery(Duration.ofSeconds(1), 2, Duration.ofMillis(10));
    String url = receiver.url("/services/T000/B000/XXXXSECRET?token=TOPSECRET");
    try (Notifier notifier = notifier(delivery, Duration.ofSeconds(10), url)) {
      notifier.onEvent(Runs.started(), state);
      // delivered on the caller's thread, both attempts of 1 s would have failed by now
      assertThat(undelivered).as("onEvent returned before the delivery gave up").isEmpty();

      await().atMost(Duration.ofSeconds(15)).until(() -> !undelivered.isEmpty());
    }
    assertThat(receiver.bodies()).hasSize(2);
    assertThat(undelivered).containsExactly("notification run-started not delivered: webhook "
        + receiver.url("/****") + ": no answer within 1000 ms (2 attempt(s))");
    assertThat(String.join("\n", undelivered))
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

    notifier.close();

    // close gave up at the drain limit: the hanging delivery (5 s) was cut off, not awaited
    assertThat(undelivered).hasSize(3).anySatisfy(m -> assertThat(m).startsWith(
        "notification run-started not delivered: webhook " + receiver.url("/****")
            + ": interrupted"));
    assertThat(undelivered).filteredOn(m -> m.contains("not sent: the run ended"))
        .extracting(m -> m.split(" ")[1]).containsExactly("host-failed", "run-needs-attention");
  }

  private Notifier notifier(WebhookChannel.Delivery delivery, Duration drain, String url) {
    return new Notifier("20261125-1", "docker-storage-driver", null,
        List.of(new WebhookChannel(url, delivery)), (n, why) -> undelivered.add(why), drain);
  }
}
