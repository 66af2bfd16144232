package dev.rollout.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollout.probe.CanaryJudge.Verdict;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Canaries judged against controls: the ratio under 20 points a side, Mann-Whitney from 20. */
class CanaryJudgeTest {

  static double[] of(double... v) {
    return v;
  }

  static double[] around(double base, int n, double step) {
    return IntStream.range(0, n).mapToDouble(i -> base + (i % 5) * step).toArray();
  }

  @Test
  void aFleetWideBlipIsNotTheChange() {
    CanaryJudge.Judgement j = CanaryJudge.judge("error rate", true, of(1), of(5), of(1), of(4.5),
        1.5, 0.98);

    assertThat(j.verdict()).isEqualTo(Verdict.CONTROLS_MOVED_TOO);
    assertThat(j.method()).isEqualTo("ratio");
    assertThat(j.sentence()).isEqualTo("error rate: the control hosts moved too: not the change "
        + "(canaries +4, controls +3.5, tolerance 1.5x)");
  }

  @Test
  void canariesDegradingBeyondToleranceFail() {
    CanaryJudge.Judgement j = CanaryJudge.judge("restarts", true, of(0), of(6), of(0), of(1),
        1.5, 0.98);

    assertThat(j.verdict()).isEqualTo(Verdict.CANARY_WORSE);
  }

  @Test
  void lowerIsWorseForAFloor() {
    // free disk: success "> 10"; canaries lost 50, controls nothing
    CanaryJudge.Judgement j = CanaryJudge.judge("free disk", false, of(80), of(30), of(80),
        of(80), 1.5, 0.98);

    assertThat(j.verdict()).isEqualTo(Verdict.CANARY_WORSE);
    assertThat(CanaryJudge.judge("free disk", false, of(80), of(90), of(80), of(80), 1.5, 0.98)
        .verdict()).isEqualTo(Verdict.PASS);
  }

  @Test
  void withTwentyPointsASideMannWhitneyJudges() {
    double[] before = around(1, 20, 0.1);
    CanaryJudge.Judgement worse = CanaryJudge.judge("errors", true, before, around(5, 20, 0.1),
        before, around(1, 20, 0.1), 1.5, 0.98);
    CanaryJudge.Judgement blip = CanaryJudge.judge("errors", true, before, around(5, 20, 0.1),
        before, around(5, 20, 0.1), 1.5, 0.98);

    assertThat(worse.method()).isEqualTo("Mann-Whitney U");
    assertThat(worse.verdict()).isEqualTo(Verdict.CANARY_WORSE);
    assertThat(blip.verdict()).isEqualTo(Verdict.CONTROLS_MOVED_TOO);
    assertThat(blip.sentence()).startsWith("errors: the control hosts moved too: not the change");
  }

  @Test
  void withoutControlsTheOwnPreChangeWindowJudges() {
    CanaryJudge.Judgement j = CanaryJudge.judge("errors", true, of(2), of(4), null, null, 1.5,
        0.98);

    assertThat(j.verdict()).isEqualTo(Verdict.CANARY_WORSE);
    assertThat(j.sentence()).contains("no controls left: compared with the same hosts' "
        + "pre-change window");
    assertThat(CanaryJudge.judge("errors", true, of(2), of(2.5), null, null, 1.5, 0.98)
        .verdict()).isEqualTo(Verdict.PASS);
  }
}
