package dev.rollout.plan;

import dev.rollout.inventory.Vars;
import dev.rollout.source.Fields;
import dev.rollout.source.Node;
import dev.rollout.source.Node.ListNode;
import dev.rollout.source.Node.MapNode;
import dev.rollout.source.Node.Scalar;
import dev.rollout.source.Node.ScalarType;
import dev.rollout.source.Position;
import dev.rollout.source.Problems;
import dev.rollout.source.YamlLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads a plan file. Problems go to the given {@link Problems}; the result is null when the file is
 * too broken to read further. Checks against the inventory are {@link PlanChecker}'s.
 */
public final class PlanLoader {

  private static final Set<String> TOP = Set.of("name", "description", "targets", "strategy",
      "become", "vars", "preflight", "change", "verify", "rollback", "rollbackCheck", "health",
      "notify");
  private static final Set<String> STEP = Set.of("name", "run", "timeout", "on");
  private static final Set<String> NOTIFY = Set.of("webhook", "command");

  private final Problems problems;
  private final Function<String, String> env;

  public PlanLoader(Problems problems, Function<String, String> env) {
    this.problems = problems;
    this.env = env;
  }

  public Plan load(String file, String text) {
    Node root = new YamlLoader(file, problems).load(text);
    Fields f = root == null ? null : Fields.of(root, "the plan", TOP, problems);
    if (f == null) {
      return null;
    }
    f.require("name", "name the plan, for example: name: nginx-gzip");
    f.require("targets", "a group, a list of hosts, or a label selector such as {role: web}");
    f.require("change", "the steps that make the change");
    Strategy strategy = new StrategyReader(problems).read(f.get("strategy"));
    List<Step> rollback = steps(f.get("rollback"));
    if (strategy != null && strategy.onFailure() == Strategy.OnFailure.ROLLBACK
        && rollback.isEmpty() && f.has("change")) {
      problems.add(f.node(), "the plan has no rollback steps but onFailure is rollback",
          "add rollback: steps, or set strategy.onFailure: halt or pause");
    }
    return new Plan(
        file,
        f.string("name").orElse(""),
        f.string("description").orElse(""),
        targets(f.get("targets")),
        strategy,
        f.bool("become").orElse(false),
        Vars.read(f.get("vars"), problems, env),
        steps(f.get("preflight")),
        nonEmpty(f, "change"),
        steps(f.get("verify")),
        rollback,
        steps(f.get("rollbackCheck")),
        new HealthReader(problems).read(f.get("health")),
        notify(f.get("notify")),
        positions(f));
  }

  private static Map<String, Position> positions(Fields f) {
    Map<String, Position> out = new java.util.HashMap<>();
    for (Node.Entry e : f.node().entries().values()) {
      out.put(e.key(), e.keyPosition());
      if (e.value() instanceof MapNode m && e.key().equals("strategy")) {
        m.entries().values().forEach(s -> out.put("strategy." + s.key(), s.keyPosition()));
      }
    }
    return out;
  }

  private List<Step> nonEmpty(Fields f, String key) {
    List<Step> s = steps(f.get(key));
    if (f.get(key) instanceof ListNode l && l.items().isEmpty()) {
      problems.add(f.get(key), key + " has no steps", "a plan must change something");
    }
    return s;
  }

  private TargetSpec targets(Node n) {
    if (n == null) {
      return null;
    }
    if (n instanceof Scalar s && !s.text().isBlank()) {
      return new TargetSpec.Group(s.text());
    }
    if (n instanceof ListNode l) {
      List<String> names = new ArrayList<>();
      for (Node item : l.items()) {
        if (item instanceof Scalar s) {
          names.add(s.text());
        } else {
          problems.add(item, "expected a host or group name, found " + item.kindName());
        }
      }
      if (names.isEmpty() && l.items().isEmpty()) {
        problems.add(n, "targets is an empty list", "name at least one host or group");
      }
      return new TargetSpec.Listed(names);
    }
    if (n instanceof MapNode m) {
      return new TargetSpec.Selector(selector(m));
    }
    problems.add(n, "targets must be a group name, a list of hosts, or a label selector",
        "found " + n.kindName());
    return null;
  }

  private Map<String, String> selector(MapNode m) {
    java.util.LinkedHashMap<String, String> out = new java.util.LinkedHashMap<>();
    for (Node.Entry e : m.entries().values()) {
      if (e.value() instanceof Scalar s) {
        out.put(e.key(), s.text());
      } else {
        problems.add(e.value(), "a label value must be text, found " + e.value().kindName());
      }
    }
    if (out.isEmpty() && m.entries().isEmpty()) {
      problems.add(m, "the label selector is empty", "for example: {role: web}");
    }
    return out;
  }

  /** Steps: each a command, or a map with {@code run}, {@code name} and {@code timeout}. */
  List<Step> steps(Node n) {
    List<Step> out = new ArrayList<>();
    if (n == null) {
      return out;
    }
    if (!(n instanceof ListNode l)) {
      problems.add(n, "expected a list of steps, found " + n.kindName(), "start each step with \"- \"");
      return out;
    }
    for (Node item : l.items()) {
      Step s = step(item);
      if (s != null) {
        out.add(s);
      }
    }
    return out;
  }

  private Step step(Node item) {
    if (item instanceof Scalar s && (s.type() == ScalarType.INTEGER
        || s.type() == ScalarType.DECIMAL)) {
      problems.add(item, "a step must be a command, found the number " + s.text(),
          "quote it if it really is the command: - \"" + s.text() + "\"");
      return null;
    }
    if (item instanceof Scalar s && !s.text().isBlank()) {
      return new Step(s.text(), s.text(), Step.DEFAULT_TIMEOUT, s.position(), false);
    }
    Fields f = Fields.of(item, "a step", STEP, problems);
    if (f == null) {
      return null;
    }
    f.require("run", "the command this step runs");
    String run = f.string("run").orElse(null);
    if (run != null && run.isBlank()) {
      problems.add(f.get("run"), "the step's command is empty");
      return null;
    }
    Position at = item.position();
    boolean onConsoleHost = on(f);
    return run == null ? null
        : new Step(f.string("name").orElse(run), run,
            f.positiveDuration("timeout", "step's timeout").orElse(Step.DEFAULT_TIMEOUT), at,
            onConsoleHost);
  }

  /** {@code on: target} (default) or {@code on: consoleHost}. */
  private boolean on(Fields f) {
    String on = f.string("on").orElse("target");
    if (!on.equals("target") && !on.equals("consoleHost")) {
      problems.add(f.get("on"), "unknown step place \"" + on + "\"", "on: target (default) "
          + "or on: consoleHost (the host that carries the target's console)");
    }
    return on.equals("consoleHost");
  }

  private Notify notify(Node n) {
    if (n == null) {
      return Notify.NONE;
    }
    Fields f = Fields.of(n, "notify", NOTIFY, problems);
    if (f == null) {
      return Notify.NONE;
    }
    String webhook = f.string("webhook").orElse(null);
    if (webhook != null && !HealthReader.isHttpUrl(webhook)) {
      problems.add(f.get("webhook"), "\"" + webhook + "\" is not an http(s) URL", "for example: "
          + "https://hooks.example.net/rollout");
    }
    return new Notify(webhook, f.string("command").orElse(null));
  }
}
