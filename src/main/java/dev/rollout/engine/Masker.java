package dev.rollout.engine;

import dev.rollout.inventory.Host;
import dev.rollout.inventory.Var;
import dev.rollout.plan.ResolvedPlan;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Replaces every secret value with {@code ****} in text that leaves the engine: step output, probe
 * reasons, error messages. Longer secrets are replaced first, so one secret inside another is
 * masked whole.
 */
public final class Masker {

  private final List<String> secrets;

  public Masker(Set<String> secrets) {
    this.secrets = secrets.stream().filter(s -> s != null && !s.isEmpty())
        .sorted(Comparator.comparingInt(String::length).reversed()).toList();
  }

  /** The secrets of a plan's and its targets' variables. */
  public static Masker of(ResolvedPlan rp) {
    Set<String> s = new LinkedHashSet<>();
    rp.plan().vars().values().stream().filter(Var::secret).forEach(v -> s.add(v.value()));
    for (Host h : rp.targets()) {
      h.vars().values().stream().filter(Var::secret).forEach(v -> s.add(v.value()));
    }
    return new Masker(s);
  }

  public String mask(String text) {
    if (text == null) {
      return null;
    }
    String out = text;
    for (String s : secrets) {
      out = out.replace(s, Var.MASK);
    }
    return out;
  }
}
