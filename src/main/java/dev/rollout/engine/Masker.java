package dev.rollout.engine;

import dev.rollout.inventory.Host;
import dev.rollout.inventory.Var;
import dev.rollout.plan.ResolvedPlan;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Replaces every secret value with {@code ****} in text that leaves the engine: step output, probe
 * reasons, error messages. Longer secrets are replaced first, so one secret inside another is
 * masked whole.
 *
 * <p>Every secret a plan of this process resolved is also kept for {@link #ofProcess()}: the last
 * gate, where an error message leaves the process without a run's masker at hand.
 */
public final class Masker {

  private static final Set<String> PROCESS = ConcurrentHashMap.newKeySet();

  private final List<String> secrets;

  public Masker(Set<String> secrets) {
    this.secrets = secrets.stream().filter(s -> s != null && !s.isEmpty())
        .sorted(Comparator.comparingInt(String::length).reversed()).toList();
  }

  /**
   * The secrets of a plan's and its targets' variables, and every host's sudo password (a
   * carrier's too); remembered for {@link #ofProcess()}.
   */
  public static Masker of(ResolvedPlan rp) {
    Set<String> s = new LinkedHashSet<>();
    rp.plan().vars().values().stream().filter(Var::secret).forEach(v -> s.add(v.value()));
    for (Host h : rp.targets()) {
      h.vars().values().stream().filter(Var::secret).forEach(v -> s.add(v.value()));
    }
    for (Host h : rp.inventory().hosts().values()) {
      if (h.becomePassword() != null) {
        s.add(h.becomePassword().value());
      }
    }
    s.stream().filter(v -> v != null && !v.isEmpty()).forEach(PROCESS::add);
    return new Masker(s);
  }

  /** Every secret of every plan this process resolved with {@link #of}. */
  public static Masker ofProcess() {
    return new Masker(Set.copyOf(PROCESS));
  }

  /** The secret values, longest first: for a part that must mask text before cutting it. */
  public List<String> secrets() {
    return secrets;
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
