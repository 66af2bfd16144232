package dev.rollout.plan;

import dev.rollout.inventory.Host;
import dev.rollout.inventory.Inventory;
import dev.rollout.source.Position;
import dev.rollout.source.Problems;
import dev.rollout.source.Suggest;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

/** Turns a plan's {@link TargetSpec} into the ordered list of target hosts. */
final class TargetResolver {

  private final Problems problems;
  private final Inventory inv;
  private final LongAdder visits;
  private boolean unknownReported;

  /** @param visits counts each host looked at or up */
  TargetResolver(Problems problems, Inventory inv, LongAdder visits) {
    this.problems = problems;
    this.inv = inv;
    this.visits = visits;
  }

  List<Host> resolve(Plan plan) {
    Position at = plan.positionOf("targets");
    if (plan.targets() == null) {
      return List.of();
    }
    Set<String> names = new LinkedHashSet<>();
    if (plan.targets() instanceof TargetSpec.Group g) {
      names.addAll(group(g.name(), at));
    } else if (plan.targets() instanceof TargetSpec.Listed l) {
      l.names().forEach(n -> names.addAll(hostOrGroup(n, at)));
    } else if (plan.targets() instanceof TargetSpec.Selector s) {
      inv.hosts().values().stream().peek(h -> visits.increment())
          .filter(h -> matches(h, s.labels())).forEach(h -> names.add(h.name()));
    }
    List<Host> hosts = new ArrayList<>();
    names.forEach(n -> {
      visits.increment();
      inv.host(n).ifPresent(hosts::add);
    });
    if (hosts.isEmpty() && problemsFreeSpec(plan) && !unknownReported) {
      problems.add(at, "targets", "the plan's targets select no host", "check the group, names "
          + "or labels against " + inv.file());
    }
    return hosts;
  }

  private boolean problemsFreeSpec(Plan plan) {
    return !(plan.targets() instanceof TargetSpec.Listed l) || !l.names().isEmpty();
  }

  private static boolean matches(Host h, Map<String, String> labels) {
    return labels.entrySet().stream()
        .allMatch(e -> e.getValue().equals(h.labels().get(e.getKey())));
  }

  private List<String> group(String name, Position at) {
    List<String> members = inv.groups().get(name);
    if (members != null) {
      return members;
    }
    if (inv.hosts().containsKey(name)) {
      return List.of(name);
    }
    unknown(name, at);
    return List.of();
  }

  private List<String> hostOrGroup(String name, Position at) {
    if (inv.hosts().containsKey(name)) {
      return List.of(name);
    }
    return group(name, at);
  }

  private void unknown(String name, Position at) {
    unknownReported = true;
    Set<String> all = new LinkedHashSet<>(inv.groups().keySet());
    all.addAll(inv.hosts().keySet());
    String hint = Suggest.closest(name, all).map(s -> "did you mean \"" + s + "\"?")
        .orElse("groups in " + inv.file() + ": " + String.join(", ", inv.groups().keySet()));
    problems.add(at, "targets", "unknown host or group \"" + name + "\"", hint);
  }
}
