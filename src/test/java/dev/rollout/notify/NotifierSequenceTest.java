package dev.rollout.notify;

import static dev.rollout.notify.Runs.AT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rollout.engine.Event;
import dev.rollout.engine.FailureClass;
import dev.rollout.engine.HostState;
import dev.rollout.engine.MemoryJournal;
import dev.rollout.engine.Outcome;
import dev.rollout.engine.RunState;
import dev.rollout.plan.Strategy.OnFailure;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Which run events become notifications, checked at a real webhook receiver. */
class NotifierSequenceTest {

  private final List<String> undelivered = new CopyOnWriteArrayList<>();
  private WebhookReceiver receiver;
  private Notifier notifier;
  private RunState state;

  @BeforeEach
  void start() throws IOException {
    receiver = new WebhookReceiver();
    WebhookChannel webhook = new WebhookChannel(receiver.url("/hooks/T000/B000/SECRET"),
        WebhookChannel.Delivery.DEFAULT);
    notifier = new Notifier("20261125-1", "docker-storage-driver", OnFailure.ROLLBACK,
        List.of(webhook), (n, why) -> undelivered.add(why), Duration.ofSeconds(5));
    state = new RunState(new MemoryJournal(), List.of(notifier), Clock.fixed(AT, ZoneOffset.UTC),
        Runs.TARGETS, 0);
  }

  @AfterEach
  void stop() {
    notifier.close();
    receiver.close();
  }

  @Test
  void announcesStartCanaryEachWaveAndCompletionOfASuccessfulRun() {
    List<Event> run = new ArrayList<>(List.of(Runs.started()));
    run.addAll(Runs.preflight());
    stage(run, "canary", List.of("off-net"), true);
    stage(run, "wave 1", List.of("robotoff-net"), true);
    stage(run, "wave 2", List.of("mongo-dev", "monitoring"), false);
    run.addAll(Runs.soak("watch", "off-net"));
    run.add(new Event.RunEnded(AT, Outcome.COMPLETED, "4 host(s) changed and healthy"));

    List<JsonNode> got = deliver(run, 5);

    assertThat(receiver.events()).containsExactly("run-started", "canary-passed", "wave-done",
        "wave-done", "run-completed");
    assertThat(got).extracting(j -> j.path("stage").asText("-"))
        .containsExactly("-", "canary", "wave 1", "wave 2", "watch");
    assertThat(got.get(4).get("outcome").asText()).isEqualTo("completed");
    assertThat(got.get(3).get("text").asText()).isEqualTo(":white_check_mark: rollout "
        + "docker-storage-driver run 20261125-1 — wave 2 done: 2 host(s) changed and healthy: "
        + "mongo-dev, monitoring");
  }

  @Test
  void announcesAFailedCanaryItsRollbackAndTheHalt() {
    List<Event> run = new ArrayList<>(List.of(Runs.started()));
    run.addAll(Runs.preflight());
    run.add(new Event.StageStarted(AT, "canary", List.of("off-net")));
    run.addAll(Runs.change("off-net"));
    run.add(new Event.SoakStarted(AT, "canary", Duration.ofHours(72), AT.plusSeconds(60)));
    String why = "probe \"site answers\" failed 3 times";
    run.add(new Event.HostStateChanged(AT, "off-net", HostState.CHANGED, HostState.FAILED, why));
    run.add(new Event.HostFailed(AT, "off-net", FailureClass.UNHEALTHY, why, 1));
    run.add(new Event.RunStopping(AT, "more failures (1) than maxFailures allows (0)"));
    run.add(new Event.RollbackStarted(AT, List.of("off-net"), "more failures (1) than allowed"));
    run.add(Runs.moved("off-net", HostState.FAILED, HostState.ROLLING_BACK));
    run.add(Runs.moved("off-net", HostState.ROLLING_BACK, HostState.ROLLED_BACK));
    run.add(new Event.RollbackFinished(AT, List.of("off-net"), List.of()));
    run.add(new Event.RunEnded(AT, Outcome.ROLLED_BACK, "the change failed; rolled back: off-net"));

    List<JsonNode> got = deliver(run, 5);

    assertThat(receiver.events()).containsExactly("run-started", "host-failed",
        "rollback-started", "rollback-finished", "run-rolled-back");
    JsonNode failed = got.get(1);
    assertThat(failed.get("host").asText()).isEqualTo("off-net");
    assertThat(failed.get("reason").asText()).isEqualTo("unhealthy: " + why);
    assertThat(failed.get("text").asText()).isEqualTo(":rotating_light: rollout "
        + "docker-storage-driver run 20261125-1 — host off-net FAILED (unhealthy: " + why
        + "): rolling back (1 failure(s), maxFailures 0)");
    assertThat(got.get(4).get("outcome").asText()).isEqualTo("rolled_back");
    assertThat(got.get(4).get("severity").asText()).isEqualTo("warning");
    assertThat(got.get(4).get("text").asText()).contains("ROLLED BACK").doesNotContain("HALTED");
    assertThat(got.get(1).get("severity").asText()).as("a failure that stops the run")
        .isEqualTo("critical");
    assertThat(got.get(0).get("severity").asText()).isEqualTo("info");
  }

  @Test
  void saysNothingOfStepsProbesPreflightOrSoaksStarting() {
    List<Event> run = new ArrayList<>(Runs.preflight());
    run.addAll(Runs.change("off-net"));
    run.add(new Event.SoakStarted(AT, "canary", Duration.ofHours(1), AT.plusSeconds(3600)));
    run.add(new Event.HealthChanged(AT, "off-net", "ssh works", false, "exit 255"));
    run.add(new Event.ConsoleUsed(AT, "off-net", "pct exec 101 on proxmox-1", "exit 255"));
    run.add(new Event.RunEnded(AT, Outcome.INTERRUPTED, "interrupted"));

    deliver(run, 1);

    assertThat(receiver.events()).containsExactly("run-interrupted");
  }

  @Test
  void sendsOneLineTextsAndIsoTimesAndLeavesOutAbsentFields() {
    List<Event> run = List.of(Runs.started(),
        new Event.HostFailed(AT, "off-net", FailureClass.CHANGE_FAILED, "exit 1:\nline two\r\n", 1),
        new Event.RunEnded(AT, Outcome.NEEDS_ATTENTION, "halted on failure;\nsee the journal"));

    List<JsonNode> got = deliver(run, 3);

    assertThat(got).allSatisfy(j -> {
      assertThat(j.get("schemaVersion").asInt()).isEqualTo(2);
      assertThat(j.get("at").asText()).isEqualTo("2026-11-25T10:00:00.000Z");
      assertThat(j.get("text").asText()).doesNotContain("\n", "\r");
    });
    assertThat(got.get(0).has("host")).isFalse();
    assertThat(got.get(1).get("reason").asText()).isEqualTo("change failed: exit 1: line two");
    assertThat(got.get(2).get("outcome").asText()).isEqualTo("needs_attention");
    assertThat(got.get(2).get("event").asText()).isEqualTo("run-needs-attention");
    assertThat(got.get(2).get("severity").asText()).isEqualTo("critical");
  }

  @Test
  void neverAnnouncesAWaveTheRunStoppedIn() {
    List<Event> run = new ArrayList<>(List.of(new Event.StageStarted(AT, "wave 1",
        List.of("mongo-dev"))));
    run.addAll(Runs.change("mongo-dev"));
    run.add(new Event.RunStopping(AT, "abort requested"));
    run.add(new Event.SoakStarted(AT, "watch", Duration.ofHours(1), AT.plusSeconds(3600)));
    run.add(new Event.RunEnded(AT, Outcome.PAUSED, "paused at a gate"));

    deliver(run, 1);

    assertThat(receiver.events()).containsExactly("run-paused");
  }

  @Test
  void namesTheRefusingHostsWhenPreflightRefusesTheRun() {
    List<Event> run = List.of(Runs.started(),
        new Event.PreflightChecked(AT, "off-net", true, ""),
        new Event.PreflightChecked(AT, "mongo-dev", false, "docker answers: exit 1"),
        new Event.RunEnded(AT, Outcome.PREFLIGHT_REFUSED, "preflight refused the run"));

    JsonNode halted = deliver(run, 2).get(1);

    assertThat(halted.get("event").asText()).isEqualTo("run-refused");
    assertThat(halted.get("outcome").asText()).isEqualTo("preflight_refused");
    assertThat(halted.get("severity").asText()).isEqualTo("warning");
    assertThat(halted.get("reason").asText())
        .isEqualTo("preflight refused the run (mongo-dev: docker answers: exit 1)");
  }

  @Test
  void saysARollbackThatFailedNeedsAttention() {
    List<Event> run = List.of(Runs.started(),
        new Event.RollbackFinished(AT, List.of("off-net"), List.of("mongo-dev")));

    JsonNode finished = deliver(run, 2).get(1);

    assertThat(finished.get("reason").asText()).isEqualTo("rollback failed on mongo-dev");
    assertThat(finished.get("text").asText()).startsWith(":sos: ")
        .endsWith("rollback failed on mongo-dev: NEEDS ATTENTION (rolled back: off-net)");
  }

  @Test
  void aPauseOnFailureSaysSoAndWhatGoesOnNotThatAStagePassed() {
    List<Event> run = new ArrayList<>(List.of(new Event.StageStarted(AT, "wave 1",
        List.of("mongo-dev"))));
    run.addAll(Runs.change("mongo-dev"));
    run.add(new Event.HostFailed(AT, "mongo-dev", FailureClass.VERIFY_FAILED, "exit 1", 1));
    run.add(new Event.RunStopping(AT, "more failures (1) than maxFailures allows (0)"));
    run.add(new Event.RunPaused(AT, "wave 1", "on failure (more failures (1) than maxFailures "
        + "allows (0))"));

    JsonNode paused = deliver(run, 2).get(1);

    assertThat(receiver.events()).containsExactly("host-failed", "run-paused");
    assertThat(paused.get("outcome").asText()).isEqualTo("paused_on_failure");
    assertThat(paused.get("severity").asText()).isEqualTo("critical");
    assertThat(paused.get("text").asText()).startsWith(":sos: ").contains("PAUSED ON FAILURE",
        "`rollout promote 20261125-1` goes on", "`rollout abort 20261125-1` rolls back");
  }

  @Test
  void aHaltIsRunHaltedOnlyWhenThePlanHaltsOnFailure() {
    notifier.close();
    notifier = new Notifier("20261125-1", "docker-storage-driver", OnFailure.HALT,
        List.of(new WebhookChannel(receiver.url("/hooks/T000/B000/SECRET"),
            WebhookChannel.Delivery.DEFAULT)), (n, why) -> undelivered.add(why),
        Duration.ofSeconds(5));
    state = new RunState(new MemoryJournal(), List.of(notifier), Clock.fixed(AT, ZoneOffset.UTC),
        Runs.TARGETS, 0);
    List<Event> run = List.of(Runs.started(), new Event.RunEnded(AT, Outcome.NEEDS_ATTENTION,
        "halted on failure (change failed); hosts left as they are: off-net"));

    JsonNode halted = deliver(new ArrayList<>(run), 2).get(1);

    assertThat(halted.get("event").asText()).isEqualTo("run-halted");
    assertThat(halted.get("severity").asText()).isEqualTo("critical");
    assertThat(halted.get("outcome").asText()).isEqualTo("needs_attention");
    assertThat(halted.get("text").asText()).startsWith(":sos: ").contains("HALTED");
  }

  /** Records the events as the engine does, then waits for {@code expected} webhooks. */
  private List<JsonNode> deliver(List<Event> run, int expected) {
    run.forEach(state::record);
    await().atMost(Duration.ofSeconds(10)).until(() -> receiver.bodies().size() >= expected);
    notifier.close();
    assertThat(undelivered).isEmpty();
    assertThat(receiver.bodies()).hasSize(expected);
    return receiver.bodies().stream().map(WebhookReceiver::json).toList();
  }

  private static void stage(List<Event> run, String stage, List<String> hosts, boolean soak) {
    run.add(new Event.StageStarted(AT, stage, hosts));
    hosts.forEach(h -> run.addAll(Runs.change(h)));
    if (soak) {
      run.addAll(Runs.soak(stage, hosts.get(0)));
    }
  }
}
