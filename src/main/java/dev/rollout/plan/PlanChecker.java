package dev.rollout.plan;

import dev.rollout.inventory.Host;
import dev.rollout.inventory.Inventory;
import dev.rollout.plan.Template.Reference;
import dev.rollout.source.Position;
import dev.rollout.source.Problems;
import dev.rollout.source.Suggest;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

/** Checks a plan against an inventory and resolves its targets and stages. */
public final class PlanChecker {

  private final Problems problems;
  private final LongAdder visits;

  public PlanChecker(Problems problems) {
    this(problems, new LongAdder());
  }

  /**
   * @param visits counts the hosts that resolving the targets and planning the waves visit (a
   *     test seam: it grows with the targets, never with targets times anything host-sized)
   */
  PlanChecker(Problems problems, LongAdder visits) {
    this.problems = problems;
    this.visits = visits;
  }

  /** The resolved plan; partial (or with no targets) when problems were reported. */
  public ResolvedPlan check(Plan plan, Inventory inv) {
    List<Host> targets = new TargetResolver(problems, inv, visits).resolve(plan);
    Strategy s = plan.strategy();
    checkCanary(plan, s, targets);
    checkSpreadBy(plan, s, targets);
    // One set of variable values per target, shared by every check of every step and probe.
    List<HostValues> values = targets.stream().map(h -> new HostValues(plan, inv, h, "x"))
        .toList();
    checkSteps(plan, values);
    checkProbes(plan, values);
    List<Wave> waves = targets.isEmpty() ? List.of() : WavePlanner.plan(s, targets, visits);
    new AnalysisChecker(problems).check(plan, targets);
    return new ResolvedPlan(plan, inv, targets, waves);
  }

  private void checkCanary(Plan plan, Strategy s, List<Host> targets) {
    Position at = plan.positionOf("strategy.canary");
    List<String> names = targets.stream().map(Host::name).toList();
    java.util.Set<String> targetNames = new java.util.HashSet<>(names);
    for (String c : s.canary().hosts()) {
      if (!targetNames.contains(c)) {
        String hint = Suggest.closest(c, names).map(x -> "did you mean \"" + x + "\"?")
            .orElse("a canary must be one of the plan's targets");
        problems.add(at, "strategy.canary", "canary \"" + c + "\" is not a target of this plan",
            hint);
      }
    }
    if (!targets.isEmpty() && s.canary().size() > targets.size()) {
      problems.add(at, "strategy.canary", "canary is " + s.canary().size() + " hosts but the plan"
          + " has only " + targets.size() + " target(s)", "use at most " + targets.size());
    }
  }

  private void checkSpreadBy(Plan plan, Strategy s, List<Host> targets) {
    if (s.spreadBy() != null && !targets.isEmpty()
        && targets.stream().noneMatch(h -> h.labels().containsKey(s.spreadBy()))) {
      problems.add(plan.positionOf("strategy.spreadBy"), "strategy.spreadBy",
          "no target has the label \"" + s.spreadBy() + "\"",
          "add labels: {" + s.spreadBy() + ": ...} to the hosts, or remove spreadBy");
    }
  }

  private void checkSteps(Plan plan, List<HostValues> values) {
    List<List<Step>> all = List.of(plan.preflight(), plan.change(), plan.verify(),
        plan.rollback(), plan.rollbackCheck());
    for (List<Step> steps : all) {
      for (Step step : steps) {
        checkText(values, step.run(), step.position(), true);
        checkConsoleHost(step, values);
      }
    }
  }

  private void checkConsoleHost(Step step, List<HostValues> values) {
    if (!step.onConsoleHost()) {
      return;
    }
    List<String> without = values.stream().map(HostValues::host).filter(h -> h.console() == null)
        .map(Host::name).toList();
    if (!without.isEmpty()) {
      problems.add(step.position(), "", "step \"" + step.name() + "\" runs on the console host, "
          + "but " + String.join(", ", without.subList(0, Math.min(3, without.size())))
          + (without.size() > 3 ? " and " + (without.size() - 3) + " more" : "")
          + " declare no console", "add console: {host: H, wrap: ...} to those hosts");
    }
  }

  private void checkProbes(Plan plan, List<HostValues> values) {
    for (ProbeSpec p : plan.health().probes()) {
      boolean shell = p.kind() == ProbeSpec.Kind.SSH || p.kind() == ProbeSpec.Kind.LOCAL;
      if (!checkText(values, p.target(), p.position(), shell)) {
        continue;
      }
      if (p.metric() != null) {
        checkText(values, p.metric().query(), p.position(), false);
        p.metric().match().values().forEach(m -> checkText(values, m, p.position(), false));
      }
      new ProbeTargets(problems).check(p, values);
    }
  }

  /** Checks every reference of {@code text} on every target; true when all are known. */
  private boolean checkText(List<HostValues> values, String text, Position at, boolean shell) {
    boolean ok = true;
    for (Reference ref : Template.references(text)) {
      Set<String> missing = new LinkedHashSet<>();
      for (HostValues v : values) {
        if (v.lookup(ref).isEmpty()) {
          missing.add(v.host().name());
        }
      }
      if (!missing.isEmpty() || values.isEmpty() && !known(ref)) {
        ok = false;
        problems.add(at, "", "unknown variable " + ref.text()
            + hostList(missing, values.size()), hint(ref));
      }
    }
    if (shell && ok) {
      for (Template.Refusal r : Template.refusals(text)) {
        ok = false;
        problems.add(at, "", r.message(), r.hint());
      }
    }
    return ok;
  }

  private static boolean known(Reference ref) {
    return switch (ref.namespace()) {
      case "host" -> ref.key().equals("name") || ref.key().equals("address");
      case "run" -> ref.key().equals("id");
      default -> false;
    };
  }

  private static String hostList(Set<String> missing, int targets) {
    if (missing.isEmpty() || missing.size() == targets) {
      return "";
    }
    List<String> first = new ArrayList<>(missing).subList(0, Math.min(3, missing.size()));
    return " on host " + String.join(", ", first) + (missing.size() > 3 ? " and "
        + (missing.size() - 3) + " more" : "");
  }

  private static String hint(Reference ref) {
    return switch (ref.namespace()) {
      case "host" -> "host has name and address";
      case "run" -> "run has id";
      case "vars" -> "define " + ref.key() + " under vars: in the plan or on every target host";
      default -> Suggest.closest(ref.namespace(), List.of("host", "vars", "run"))
          .map(s -> "did you mean ${" + s + "." + ref.key() + "}?")
          .orElse("variables are ${host.name}, ${host.address}, ${vars.KEY} and ${run.id}");
    };
  }
}
