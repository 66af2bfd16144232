package dev.rollout.plan;

import java.util.List;
import java.util.Map;

/** Which hosts a plan targets. */
public sealed interface TargetSpec {

  /** Every member of a group. */
  record Group(String name) implements TargetSpec {}

  /** Hosts or groups listed by name, in order. */
  record Listed(List<String> names) implements TargetSpec {
    public Listed {
      names = List.copyOf(names);
    }
  }

  /** Every host whose labels include all of these, in inventory order. */
  record Selector(Map<String, String> labels) implements TargetSpec {
    public Selector {
      labels = Map.copyOf(labels);
    }
  }
}
