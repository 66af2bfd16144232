package dev.rollout.plan;

import dev.rollout.inventory.Host;
import dev.rollout.inventory.Inventory;
import dev.rollout.inventory.Var;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The values of Rollout's variables for one host: {@code host.name}, {@code host.address}, {@code
 * vars.KEY} (the host's, else the plan's) and {@code run.id}.
 */
public final class HostValues {

  /** Shown for {@code ${run.id}} before a run exists. */
  public static final String NO_RUN_YET = "<run-id>";

  private final Host host;
  private final String address;
  private final Map<String, Var> vars;
  private final String runId;

  public HostValues(Plan plan, Inventory inventory, Host host, String runId) {
    this.host = host;
    this.address = host.isContainer()
        ? inventory.host(host.container().host()).map(Host::address).orElse("")
        : host.address();
    Map<String, Var> merged = new LinkedHashMap<>(plan.vars());
    merged.putAll(host.vars());
    this.vars = merged;
    this.runId = runId;
  }

  /** The variable's value, or empty when it is unknown. */
  public Optional<Var> lookup(Template.Reference ref) {
    return switch (ref.namespace()) {
      case "host" -> switch (ref.key()) {
        case "name" -> Optional.of(Var.plain(host.name()));
        case "address" -> Optional.of(Var.plain(address));
        default -> Optional.empty();
      };
      case "vars" -> Optional.ofNullable(vars.get(ref.key()));
      case "run" -> "id".equals(ref.key()) ? Optional.of(Var.plain(runId)) : Optional.empty();
      default -> Optional.empty();
    };
  }

  /** Values to run with: secrets in clear. Every reference must have been validated. */
  public Template.Values real() {
    return ref -> lookup(ref).map(v -> v.value() == null ? "" : v.value()).orElseThrow();
  }

  /** Values to show: secrets as {@code ****}. */
  public Template.Values shown() {
    return ref -> lookup(ref).map(Var::shown).orElse(ref.text());
  }

  /**
   * The variables as environment for a local probe: ROLLOUT_HOST_NAME, ROLLOUT_VAR_KEY, ..., named
   * as {@link Template#variableName} names them.
   */
  public Map<String, String> environment() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("ROLLOUT_HOST_NAME", host.name());
    env.put("ROLLOUT_HOST_ADDRESS", address == null ? "" : address);
    env.put("ROLLOUT_RUN_ID", runId);
    vars.forEach((k, v) -> env.put(Template.variableName(new Template.Reference("vars", k, 0)),
        v.value() == null ? "" : v.value()));
    return env;
  }

  public Host host() {
    return host;
  }
}
