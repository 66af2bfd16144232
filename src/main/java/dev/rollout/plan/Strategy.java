package dev.rollout.plan;

import java.time.Duration;
import java.util.List;

/**
 * How the change is rolled out.
 *
 * @param canary how many canaries, or which hosts
 * @param soak how long the canary runs under probes before the first wave
 * @param waves sizes of the waves after the canary
 * @param waveSoak soak after each wave
 * @param maxParallel hosts changed at once within a wave, at least 1
 * @param maxFailures failures tolerated over the whole run; one more stops it
 * @param onFailure what happens when the run stops on failures
 * @param rollbackScope which hosts a rollback covers
 * @param pauseAfterCanary wait for {@code rollout promote} after the canary's soak
 * @param spreadBy a label whose values canaries and waves are spread across, or null
 * @param rehearseRollback change, verify, roll back, verify and change the canary again before its
 *     soak
 * @param watch after the last wave, how long every host stays under probes with rollback armed
 * @param analysis canaries judged against control hosts; null without
 * @param connections how long a host's SSH connection is held
 */
public record Strategy(
    Canary canary,
    Duration soak,
    List<WaveSize> waves,
    Duration waveSoak,
    int maxParallel,
    Threshold maxFailures,
    OnFailure onFailure,
    RollbackScope rollbackScope,
    boolean pauseAfterCanary,
    String spreadBy,
    boolean rehearseRollback,
    Duration watch,
    AnalysisSpec analysis,
    Connections connections) {

  public Strategy {
    waves = List.copyOf(waves);
  }

  /** A strategy with the default {@code connections}. */
  public Strategy(Canary canary, Duration soak, List<WaveSize> waves, Duration waveSoak,
      int maxParallel, Threshold maxFailures, OnFailure onFailure, RollbackScope rollbackScope,
      boolean pauseAfterCanary, String spreadBy, boolean rehearseRollback, Duration watch,
      AnalysisSpec analysis) {
    this(canary, soak, waves, waveSoak, maxParallel, maxFailures, onFailure, rollbackScope,
        pauseAfterCanary, spreadBy, rehearseRollback, watch, analysis, Connections.DEFAULT);
  }

  /** A strategy without {@code analysis}. */
  public Strategy(Canary canary, Duration soak, List<WaveSize> waves, Duration waveSoak,
      int maxParallel, Threshold maxFailures, OnFailure onFailure, RollbackScope rollbackScope,
      boolean pauseAfterCanary, String spreadBy, boolean rehearseRollback, Duration watch) {
    this(canary, soak, waves, waveSoak, maxParallel, maxFailures, onFailure, rollbackScope,
        pauseAfterCanary, spreadBy, rehearseRollback, watch, null);
  }

  /**
   * The canaries: {@code count} hosts picked by rule, or the hosts named in {@code hosts}.
   *
   * @param count how many canaries, 0 or more
   * @param hosts named canaries, or empty when picked by count
   */
  public record Canary(int count, List<String> hosts) {
    public Canary {
      hosts = List.copyOf(hosts);
    }

    public int size() {
      return hosts.isEmpty() ? count : hosts.size();
    }
  }

  /** What the run does when failures exceed {@code maxFailures}. */
  public enum OnFailure {
    /** Roll back per {@code rollbackScope}, then end the run. */
    ROLLBACK,
    /** Stop starting hosts and leave everything as it is for a person to promote or abort. */
    PAUSE,
    /** Stop starting hosts and end the run without rolling back. */
    HALT
  }

  /**
   * How long a host's SSH connection is held. Either way a host reached through a jump host or
   * carrying containers shares its connection, and a host with an {@code ssh} probe keeps it.
   */
  public enum Connections {
    /** Opened on first use, held until the run ends: one handshake per host. */
    KEEP("keep"),
    /**
     * Held for each piece of work on the host (its preflight, its change and verify, its
     * rollback) and closed when that ends, so a host in soak under probes that need no SSH holds
     * no connection, no socket and no reader thread.
     */
    PER_STEP("perStep");

    /** What a plan that does not say gets. */
    public static final Connections DEFAULT = PER_STEP;

    private final String key;

    Connections(String key) {
      this.key = key;
    }

    /** The value as a plan writes it. */
    public String key() {
      return key;
    }
  }

  /** Which hosts a rollback covers. */
  public enum RollbackScope {
    /** Only the hosts that failed. */
    FAILED,
    /** Every host changed so far. */
    CHANGED
  }
}
