package dev.rollout.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollout.probe.CanaryJudge;
import dev.rollout.probe.CanaryJudge.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * How {@link Analysis#windows} cuts a journal into the canaries' and controls' windows, whatever
 * order the probe threads' measurements landed in around the soak's start.
 */
class AnalysisWindowsTest {

  static final Instant T = Instant.parse("2026-12-02T00:00:00Z");
  final List<Event> events = new ArrayList<>();

  void measured(String host, double value) {
    events.add(new Event.MetricMeasured(T, host, "errors", "errors{host=\"" + host + "\"}",
        value, T, "< 100", "passed", "errors " + value + " < 100: passed"));
  }

  void moved(String host, HostState from, HostState to) {
    events.add(new Event.HostStateChanged(T, host, from, to, ""));
  }

  /**
   * The fleet-wide blip begins with the canary's change; a control probe started for the soak
   * journals its first measurement a moment before SoakStarted (a busy machine: the main thread
   * lost the race to the probe thread). MetricProbeRunTest rolled the canary back once in 7 runs.
   */
  @Test
  void aControlMeasuredBetweenTheChangeAndTheSoakIsNotTheControlsBaseline() {
    for (String h : List.of("a", "b", "c")) {
      measured(h, 1); // preflight
    }
    moved("a", HostState.PENDING, HostState.CHANGING);
    moved("a", HostState.CHANGING, HostState.VERIFYING);
    measured("a", 5); // the canary's own probe, before the soak: counts for neither window
    moved("a", HostState.VERIFYING, HostState.CHANGED);
    measured("b", 5); // the controls' first checks, already seeing the blip
    measured("c", 5);
    events.add(new Event.SoakStarted(T, "canary", Duration.ofSeconds(6), T.plusSeconds(6)));
    for (int i = 0; i < 4; i++) {
      List.of("a", "b", "c").forEach(h -> measured(h, 5));
    }
    events.add(new Event.SoakPassed(T, "canary"));
    measured("b", 9); // after the soak: counts for neither

    Analysis.Windows w = Analysis.windows(events, "errors", "canary", List.of("a"),
        List.of("b", "c"));

    assertThat(w.canaryBefore()).containsExactly(1);
    assertThat(w.canaryDuring()).containsExactly(5, 5, 5, 5);
    assertThat(w.controlBefore()).containsExactly(1, 1);
    assertThat(w.controlDuring()).containsExactly(5, 5, 5, 5, 5, 5, 5, 5);
    assertThat(judge(w.controlBefore(), w)).isEqualTo(Verdict.CONTROLS_MOVED_TOO);
    // had the two early checks counted as the controls' baseline, the canary would be failed
    assertThat(judge(new double[] {1, 1, 5, 5}, w)).isEqualTo(Verdict.CANARY_WORSE);
  }

  @Test
  void aLaterWavesControlsKeepTheirMeasurementsFromEarlierSoaksAsTheirBaseline() {
    measured("b", 1);
    measured("c", 1);
    events.add(new Event.SoakStarted(T, "canary", Duration.ofSeconds(6), T.plusSeconds(6)));
    measured("b", 2); // b and c as the canary's controls
    measured("c", 2);
    events.add(new Event.SoakPassed(T, "canary"));
    moved("b", HostState.PENDING, HostState.CHANGING);
    moved("b", HostState.CHANGING, HostState.CHANGED);
    events.add(new Event.SoakStarted(T, "wave 1", Duration.ofSeconds(6), T.plusSeconds(6)));
    measured("b", 3);
    measured("c", 3);
    events.add(new Event.SoakPassed(T, "wave 1"));

    Analysis.Windows w = Analysis.windows(events, "errors", "wave 1", List.of("b"),
        List.of("c"));

    assertThat(w.canaryBefore()).containsExactly(1, 2);
    assertThat(w.controlBefore()).containsExactly(1, 2);
    assertThat(w.canaryDuring()).containsExactly(3);
    assertThat(w.controlDuring()).containsExactly(3);
  }

  private static Verdict judge(double[] controlBefore, Analysis.Windows w) {
    return CanaryJudge.judge("errors", true, w.canaryBefore(), w.canaryDuring(), controlBefore,
        w.controlDuring(), 1.5, 0.98).verdict();
  }
}
