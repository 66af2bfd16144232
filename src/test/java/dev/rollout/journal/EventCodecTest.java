package dev.rollout.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollout.engine.Event;
import dev.rollout.engine.FailureClass;
import dev.rollout.engine.HostState;
import dev.rollout.engine.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every journal event survives one line of JSON, and a line that is no event is refused. */
class EventCodecTest {

  /** Nanoseconds on purpose: the journal must keep the exact instant. */
  static final Instant AT = Instant.parse("2026-11-25T20:48:00.123456789Z");

  static final List<Event> SAMPLES = List.of(
      new Event.RunStarted(AT, "20261125-204800-3f2a", "storage-driver",
          List.of("host-1", "host-2"), 1, true),
      new Event.PreflightChecked(AT, "host-1", false, "docker info: exit 1"),
      new Event.StageStarted(AT, "wave 1", List.of("host-2", "host-3")),
      new Event.StepStarted(AT, "host-1", "change", 2, "switch driver", "console proxmox-1"),
      new Event.StepFinished(AT, "host-1", "change", 2, "switch driver", 0, false,
          Duration.ofMillis(1500), "out\nline", "", null),
      new Event.StepFinished(AT, "host-2", "verify", 1, "check", -1, true,
          Duration.ofMinutes(5), "", "err \"quoted\"", "connection reset"),
      new Event.HostStateChanged(AT, "host-1", HostState.VERIFYING, HostState.CHANGED,
          "verified; under probes"),
      new Event.HostFailed(AT, "host-2", FailureClass.UNREACHABLE, "no route", 2),
      new Event.HealthChanged(AT, "host-1", "site answers", false, "HTTP 503"),
      new Event.SoakStarted(AT, "canary", Duration.ofHours(72), AT.plus(Duration.ofHours(72))),
      new Event.SoakPassed(AT, "canary"),
      new Event.ConsoleUsed(AT, "off-net", "proxmox-1", "connection refused"),
      new Event.RunStopping(AT, "more failures (2) than maxFailures allows (1)"),
      new Event.RunStopping(AT, "canary: errors: the control hosts moved too", true),
      new Event.HealthChanged(AT, "host-1", "errors", false, "errors 5: inconclusive", 2, false,
          true),
      new Event.AnalysisJudged(AT, "canary", "errors", "ratio",
          dev.rollout.probe.CanaryJudge.Verdict.CONTROLS_MOVED_TOO, List.of("host-1"),
          List.of("host-2", "host-3"), 3, 6, 1.0, 3.5, 1.0, 3.25, "errors: moved too"),
      new Event.AnalysisJudged(AT, "wave 2", "errors", "Mann-Whitney U",
          dev.rollout.probe.CanaryJudge.Verdict.PASS, List.of("host-3"), List.of(), 21, 40, 1.0,
          1.0, null, null, "errors: no worse than before the change"),
      new Event.RollbackStarted(AT, List.of("host-1", "host-2"), "the change failed"),
      new Event.RollbackFinished(AT, List.of("host-1"), List.of("host-2")),
      new Event.RunEnded(AT, Outcome.NEEDS_ATTENTION, "rollback failed on host-2"),
      new Event.PreflightPassed(AT, 3),
      new Event.StageCompleted(AT, "wave 2"),
      new Event.HealthCounted(AT, 12_345_678_901L, 3, 7),
      new Event.MetricMeasured(AT, "host-1", "restarts", "restarts{host=\"a\\\"}\"}", 4.0,
          AT.minusMillis(700), ">= 3", "failed", "restarts 4 >= 3: failed"),
      new Event.MetricMeasured(AT, "host-1", "restarts", "up", null, AT, "", "error",
          "metrics unavailable: cannot reach http://127.0.0.1:9090: connection refused"),
      new Event.ProbeResultChanged(AT, "host-1", "site", "unhealthy", "healthy", 2_880L,
          "HTTP 503 from http://a/\"<b>\"", null),
      new Event.ProbeResultChanged(AT, "host-1", "restarts", "error", "", 0, "no data", 4.5),
      new Event.RunPaused(AT, "canary", "--until canary"),
      new Event.Promoted(AT, "ops@4242"),
      new Event.AbortRequested(AT, "ops@4242"),
      new Event.RunResumed(AT, "ops@4242", "plan.yml changed since the run started"),
      new Event.RunAdopted(AT, "4242@ci-1", "77@worker-2", 3),
      new Event.RunInterrupted(AT, "wave 1"),
      new Event.LocksForced(AT, "20261125-204800-0001", List.of("host-3"), "ops (run x)"),
      new Event.NotificationFailed(AT, "webhook", "HTTP 500 ünïcødé ✓"),
      new Event.RollbackUnproven(AT, "host-1", "console path pct exec 101 -- @ pve does not answer"));

  static Stream<Event> samples() {
    return SAMPLES.stream();
  }

  @Test
  void everyEventTypeHasASample() {
    Map<Class<?>, Long> sampled = SAMPLES.stream()
        .collect(Collectors.groupingBy(Object::getClass, Collectors.counting()));
    List<String> missing = Arrays.stream(Event.class.getPermittedSubclasses())
        .filter(c -> !sampled.containsKey(c)).map(Class::getSimpleName).toList();

    assertThat(missing).as("event types without a sample in SAMPLES: add one").isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void roundTripsThroughOneLineOfJson(Event e) {
    String line = EventCodec.encode(e);

    assertThat(line).doesNotContain("\n").startsWith("{\"type\":\""
        + e.getClass().getSimpleName() + "\"");
    assertThat(EventCodec.decode(line)).isEqualTo(e);
  }

  @Test
  void writesInstantsAndDurationsAsIsoText() {
    String line = EventCodec.encode(new Event.SoakStarted(AT, "canary", Duration.ofSeconds(90),
        AT.plusSeconds(90)));

    assertThat(line).contains("\"at\":\"2026-11-25T20:48:00.123456789Z\"",
        "\"duration\":\"PT1M30S\"");
  }

  @Test
  void ignoresFieldsItDoesNotKnow() {
    String line = EventCodec.encode(new Event.SoakPassed(AT, "canary"));
    String newer = line.substring(0, line.length() - 1) + ",\"addedLater\":true}";

    assertThat(EventCodec.decode(newer)).isEqualTo(new Event.SoakPassed(AT, "canary"));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "",
      "not json",
      "{\"type\":\"SoakPass",
      "{\"type\":\"NoSuchEvent\",\"at\":\"2026-11-25T20:48:00Z\"}",
      "{\"at\":\"2026-11-25T20:48:00Z\",\"stage\":\"canary\"}",
      "[1,2,3]",
      "42",
      "null",
      "{\"type\":\"SoakPassed\",\"at\":\"yesterday\",\"stage\":\"canary\"}",
      "{\"type\":\"HostStateChanged\",\"at\":\"2026-11-25T20:48:00Z\",\"host\":\"h\","
          + "\"from\":\"PENDING\",\"to\":\"EXPLODED\",\"reason\":\"\"}"})
  void refusesALineThatIsNotAnEvent(String line) {
    assertThatThrownBy(() -> EventCodec.decode(line))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("journal");
  }

  @Test
  void refusesTwoEventsRunTogetherOnOneLine() {
    String one = EventCodec.encode(new Event.SoakPassed(AT, "canary"));
    String two = EventCodec.encode(new Event.StageCompleted(AT, "canary"));

    assertThatThrownBy(() -> EventCodec.decode(one + two))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> EventCodec.decode(one + " trailing"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void namesTheTypeOfEveryEventByItsSimpleName() {
    Map<String, Event> byType = SAMPLES.stream().collect(Collectors.toMap(
        e -> e.getClass().getSimpleName(), Function.identity(), (a, b) -> a));

    byType.forEach((type, e) -> assertThat(EventCodec.encode(e))
        .contains("\"type\":\"" + type + "\""));
  }

  @ParameterizedTest
  @MethodSource("samples")
  void writesTheLineATreeOfTheEventWouldWriteByteForByte(Event e) throws Exception {
    String prev = EventCodec.hash("the line before".getBytes());
    com.fasterxml.jackson.databind.node.ObjectNode tree = EventCodec.MAPPER.createObjectNode();
    tree.put("type", e.getClass().getSimpleName());
    tree.put("prev", prev);
    tree.setAll((com.fasterxml.jackson.databind.node.ObjectNode) EventCodec.MAPPER.valueToTree(e));

    assertThat(EventCodec.encode(e, prev)).isEqualTo(EventCodec.MAPPER.writeValueAsString(tree));
  }

  @ParameterizedTest
  @MethodSource("samples")
  void carriesTheHashLinkRightAfterTheTypeAndReadsItBack(Event e) {
    String prev = EventCodec.hash("the line before".getBytes());
    String line = EventCodec.encode(e, prev);

    assertThat(line).startsWith("{\"type\":\"" + e.getClass().getSimpleName() + "\",\"prev\":\""
        + prev + "\",");
    assertThat(EventCodec.decodeLine(line)).isEqualTo(new EventCodec.Decoded(e, prev));
    assertThat(EventCodec.decodeLine(EventCodec.encode(e)).prev()).isNull();
  }

  @Test
  void readsAHashLinkWrittenElsewhereInTheLine() {
    String line = "{\"type\":\"SoakPassed\",\"at\":\"2026-11-25T20:48:00Z\",\"stage\":\"canary\","
        + "\"prev\":\"abc\"}";

    assertThat(EventCodec.decodeLine(line).prev()).isEqualTo("abc");
  }

  @Test
  void refusesALineThatNamesAFieldTwice() {
    String line = "{\"type\":\"SoakPassed\",\"at\":\"2026-11-25T20:48:00Z\",\"stage\":\"canary\","
        + "\"stage\":\"wave 1\"}";

    assertThatThrownBy(() -> EventCodec.decode(line)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theFirstLinkIsTheSha256OfNoBytes() {
    assertThat(EventCodec.FIRST_PREV)
        .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  }
}
