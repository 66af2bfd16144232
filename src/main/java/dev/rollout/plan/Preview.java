package dev.rollout.plan;

import java.util.List;
import java.util.Map;

/**
 * The dry-run preview: everything an operator reads before saying yes, secrets masked. Its JSON
 * form is the stable document {@code rollout plan --output json} prints ({@code schemaVersion} 1).
 *
 * @param schemaVersion version of this document's shape
 * @param plan the plan's name
 * @param description the plan's description
 * @param planFile the plan file
 * @param inventoryFile the inventory file
 * @param targets the target count
 * @param strategy the strategy in words, one line per setting
 * @param stages the canary stage and the waves
 * @param steps each step with the exact command per host
 * @param probes each probe with what it checks per host
 * @param timing soak, wave soak, watch and the least total time
 * @param hash the hashes that {@code apply --plan} checks
 */
public record Preview(
    int schemaVersion,
    String plan,
    String description,
    String planFile,
    String inventoryFile,
    int targets,
    Map<String, String> strategy,
    List<Stage> stages,
    List<StepPreview> steps,
    List<ProbePreview> probes,
    Timing timing,
    PlanHash hash) {

  /** One stage: its hosts (with why each canary was picked) and what it takes down. */
  public record Stage(String name, List<StageHost> hosts, List<String> takesDown, String soak) {}

  /**
   * A host in a stage: address, jump chain, console (and how a command runs over it, such as
   * {@code 'pct' 'exec' '101' '--' sh -c '<command>'}), and for a canary why it was picked.
   */
  public record StageHost(String name, String address, List<String> via, String console,
      String consoleRuns, String canaryReason) {}

  /**
   * A step of a phase (preflight, change, verify, rollback, rollbackCheck) and the command it runs.
   * {@code everyHost} is set when the command is the same on every host; otherwise {@code perHost}
   * gives it host by host.
   */
  public record StepPreview(String phase, int number, String name, String timeout,
      boolean onConsoleHost, String everyHost, Map<String, String> perHost) {}

  /** A probe and what it checks, the same way as {@link StepPreview}. */
  public record ProbePreview(String name, String kind, String expect, String timeout,
      String everyHost, Map<String, String> perHost) {}

  /**
   * The waiting a run does.
   *
   * @param probeInterval time between probe checks
   * @param unhealthyAfter consecutive failures before a host is unhealthy
   * @param soak the canary's soak
   * @param waveSoak soak after each wave
   * @param watch watch after the last wave
   * @param minimumDuration the least time the run takes (all waiting, steps counted as instant)
   */
  public record Timing(String probeInterval, int unhealthyAfter, String soak, String waveSoak,
      String watch, String minimumDuration) {}
}
