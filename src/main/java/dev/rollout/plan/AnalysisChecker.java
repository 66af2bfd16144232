package dev.rollout.plan;

import dev.rollout.inventory.Host;
import dev.rollout.source.Problems;
import dev.rollout.source.Suggest;
import java.util.List;

/** Checks {@code strategy.analysis} against the probes and the targets. */
final class AnalysisChecker {

  private final Problems problems;

  AnalysisChecker(Problems problems) {
    this.problems = problems;
  }

  void check(Plan plan, List<Host> targets) {
    AnalysisSpec a = plan.strategy().analysis();
    if (a == null) {
      return;
    }
    List<String> metrics = plan.health().probes().stream()
        .filter(p -> p.kind() == ProbeSpec.Kind.PROMETHEUS).map(ProbeSpec::name).toList();
    for (String m : a.metrics()) {
      if (!metrics.contains(m)) {
        boolean probe = plan.health().probes().stream().anyMatch(p -> p.name().equals(m));
        problems.add(plan.positionOf("strategy.analysis.metrics"), "strategy.analysis.metrics",
            "\"" + m + "\" is " + (probe ? "a probe but not a prometheus probe" : "not a probe"),
            metrics.isEmpty() ? "add a prometheus probe to health.probes and name it here"
                : Suggest.closest(m, metrics).map(s -> "did you mean \"" + s + "\"?")
                    .orElse("name one of: " + String.join(", ", metrics)));
      }
    }
    int canaries = plan.strategy().canary().size();
    int free = targets.size() - canaries;
    if (!targets.isEmpty() && a.control() > free) {
      problems.add(plan.positionOf("strategy.analysis.control"), "strategy.analysis.control",
          "analysis.control is " + a.control() + " but only " + Math.max(0, free)
              + " target(s) are not canaries", "use at most " + Math.max(0, free)
              + " control host(s), or add targets");
    }
  }
}
