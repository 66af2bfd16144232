package dev.rollout.plan;

import dev.rollout.source.Fields;
import dev.rollout.source.Node;
import dev.rollout.source.Node.Scalar;
import dev.rollout.source.Problems;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Reads {@code strategy.analysis}. */
final class AnalysisReader {

  private static final Set<String> KEYS = Set.of("control", "metrics", "tolerance", "confidence");

  private final Problems problems;

  AnalysisReader(Problems problems) {
    this.problems = problems;
  }

  /** The analysis, or null when there is none or it is wrong (reported). */
  AnalysisSpec read(Node n) {
    if (n == null) {
      return null;
    }
    Fields f = Fields.of(n, "strategy.analysis", KEYS, problems);
    if (f == null) {
      return null;
    }
    f.require("control", "analysis");
    f.require("metrics", "analysis");
    int control = f.integer("control", 1, 1000).orElse(0);
    List<String> metrics = f.strings("metrics").orElse(List.of());
    if (f.has("metrics") && metrics.isEmpty() && f.get("metrics") instanceof Node.ListNode) {
      problems.add(f.get("metrics"), "analysis.metrics is empty",
          "name at least one prometheus probe of health.probes");
    }
    double tolerance = decimal(f, "tolerance", 1.0, 1000, "more than 1, for example 1.5")
        .orElse(1.5);
    if (f.has("tolerance") && tolerance == 1.0) {
      problems.add(f.get("tolerance"), "tolerance must be more than 1",
          "for example 1.5: the canaries may degrade 1.5 times as much as the controls");
    }
    double confidence = decimal(f, "confidence", 0.5, 0.999, "0.5 to 0.999, for example 0.98")
        .orElse(AnalysisSpec.DEFAULT_CONFIDENCE);
    return control == 0 || metrics.isEmpty() ? null
        : new AnalysisSpec(control, metrics, tolerance, confidence, n.position());
  }

  private Optional<Double> decimal(Fields f, String key, double min, double max, String hint) {
    Node n = f.get(key);
    if (n == null) {
      return Optional.empty();
    }
    try {
      double v = n instanceof Scalar s ? Double.parseDouble(s.text()) : Double.NaN;
      if (v >= min && v <= max) {
        return Optional.of(v);
      }
      problems.add(n, key + " " + Fields.describe(n) + " is out of range", hint);
    } catch (NumberFormatException e) {
      problems.add(n, key + " must be a number, found " + Fields.describe(n), hint);
    }
    return Optional.empty();
  }
}
