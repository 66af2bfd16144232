package dev.rollout.plan;

import dev.rollout.source.Position;
import java.util.List;

/**
 * {@code strategy.analysis}: canaries judged against hosts held unchanged.
 *
 * @param control how many control hosts: never canaries, picked across {@code spreadBy}
 * @param metrics names of prometheus probes measured on canaries and controls
 * @param tolerance the canaries' change over their own baseline may be at most this many times
 *     the controls' change; more than 1
 * @param confidence the Mann-Whitney U test's confidence, used with {@link #MIN_POINTS} or more
 *     data points per side; 0.5 to 0.999
 * @param position where {@code analysis} is written
 */
public record AnalysisSpec(int control, List<String> metrics, double tolerance,
    double confidence, Position position) {

  /** Data points per side from which the Mann-Whitney U test judges in place of the ratio. */
  public static final int MIN_POINTS = dev.rollout.probe.CanaryJudge.MIN_POINTS;

  /** Kayenta's default confidence. */
  public static final double DEFAULT_CONFIDENCE = 0.98;

  public AnalysisSpec {
    metrics = List.copyOf(metrics);
  }
}
