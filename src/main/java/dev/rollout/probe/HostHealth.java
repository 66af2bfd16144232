package dev.rollout.probe;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Judges one host's health over time from its probes' results. A probe becomes unhealthy only after
 * {@code unhealthyAfter} consecutive failed checks, so a single blip raises no alarm; one success
 * makes it healthy again. Each probe counts on its own: failures of different probes never add up.
 * The host is unhealthy while any probe is. Pure logic without time or threads: not thread-safe,
 * the caller confines it (as {@link HealthMonitor} does).
 */
public final class HostHealth {

  private final String host;
  private final int unhealthyAfter;
  private final Map<String, ProbeHealth> probes = new LinkedHashMap<>();
  private final Map<String, Probe> settings = new java.util.HashMap<>();
  private ProbeResult lastError;

  /**
   * @param probeNames the host's probes, listed healthy before their first check; results of
   *     other probes are accepted and add them
   * @param unhealthyAfter consecutive failures before a probe counts as unhealthy, at least 1
   */
  public HostHealth(String host, Collection<String> probeNames, int unhealthyAfter) {
    if (unhealthyAfter < 1) {
      throw new IllegalArgumentException(
          "unhealthyAfter must be at least 1, got " + unhealthyAfter);
    }
    this.host = Objects.requireNonNull(host, "host");
    this.unhealthyAfter = unhealthyAfter;
    probeNames.forEach(name -> probes.put(name, ProbeHealth.initial(name)));
  }

  /** Judges {@code probe}'s errors and inconclusive results by its own settings. */
  public HostHealth judging(Probe probe) {
    settings.put(probe.name(), probe);
    return this;
  }

  /**
   * Takes one check's result into account.
   *
   * @return the change of the probe's health this result caused, empty when it stayed the same
   */
  public Optional<HealthChange> record(ProbeResult result) {
    ProbeHealth before = probes.getOrDefault(result.probe(), ProbeHealth.initial(result.probe()));
    Probe p = settings.get(result.probe());
    ProbeHealth after = p == null ? before.after(result, unhealthyAfter)
        : before.after(result, unhealthyAfter, p.errorsAfter(), p.onInconclusive());
    probes.put(result.probe(), after);
    if (!result.healthy()) {
      lastError = result;
    }
    boolean pause = after.health() == Health.UNHEALTHY && after.inconclusive();
    boolean paused = before.health() == Health.UNHEALTHY && before.inconclusive();
    if (after.health() == before.health() && pause == paused) {
      return Optional.empty(); // an inconclusive row that a failure joins is a change too
    }
    return Optional.of(
        new HealthChange(
            host,
            result.probe(),
            after.health(),
            health(),
            result.error() ? after.consecutiveErrors() : after.consecutiveFailures(),
            result.unreachable(),
            result.reason(),
            result.checkedAt(),
            pause));
  }

  public String host() {
    return host;
  }

  /** The host's health: unhealthy while any of its probes is. */
  public Health health() {
    boolean anyUnhealthy = probes.values().stream().anyMatch(p -> p.health() == Health.UNHEALTHY);
    return anyUnhealthy ? Health.UNHEALTHY : Health.HEALTHY;
  }

  /** True when the latest check of an unhealthy probe could not reach the host. */
  public boolean unreachable() {
    return probes.values().stream()
        .anyMatch(
            p -> p.health() == Health.UNHEALTHY
                && p.lastResult().map(ProbeResult::unreachable).orElse(false));
  }

  /** One probe's standing; a probe never seen is healthy with no results. */
  public ProbeHealth probe(String name) {
    return probes.getOrDefault(name, ProbeHealth.initial(name));
  }

  /** Every probe's standing, in the order the probes were named or first seen. */
  public Map<String, ProbeHealth> probes() {
    return Collections.unmodifiableMap(new LinkedHashMap<>(probes));
  }

  /** Everything above at once. */
  public HealthSnapshot snapshot() {
    return new HealthSnapshot(host, health(), unreachable(), probes(), lastError());
  }

  /** The latest failed check of any probe, kept after a recovery; empty if none ever failed. */
  public Optional<ProbeResult> lastError() {
    return Optional.ofNullable(lastError);
  }
}
