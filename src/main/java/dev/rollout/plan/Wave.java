package dev.rollout.plan;

import java.util.List;

/**
 * One stage of a rollout: the canary, or a wave after it.
 *
 * @param index 0 for the canary, then 1, 2, ... for the waves (a plan without canaries starts at 1)
 * @param canary whether this is the canary stage
 * @param hosts the hosts changed in this stage, in order
 * @param reasons for a canary stage, why each host was picked, same order as {@code hosts}; else
 *     empty
 * @param serves what this stage takes down: the union of its hosts' {@code serves}
 */
public record Wave(
    int index, boolean canary, List<String> hosts, List<String> reasons, List<String> serves) {

  public Wave {
    hosts = List.copyOf(hosts);
    reasons = List.copyOf(reasons);
    serves = List.copyOf(serves);
  }

  /** "canary" or "wave N". */
  public String label() {
    return canary ? "canary" : "wave " + index;
  }
}
