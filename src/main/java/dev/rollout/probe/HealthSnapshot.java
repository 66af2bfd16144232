package dev.rollout.probe;

import java.util.Map;
import java.util.Optional;

/**
 * One host's judged health at one moment, for {@code status} and the engine's decisions.
 *
 * @param host the inventory name of the host
 * @param health unhealthy while any probe is
 * @param unreachable true when the latest check of an unhealthy probe could not reach the host
 * @param probes each probe's standing, in the order the probes were given
 * @param lastError the latest failed check of any probe, kept after a recovery
 */
public record HealthSnapshot(
    String host,
    Health health,
    boolean unreachable,
    Map<String, ProbeHealth> probes,
    Optional<ProbeResult> lastError) {}
