package dev.rollout.plan;

import java.time.Duration;
import java.util.List;

/**
 * How health is judged.
 *
 * @param interval time between two checks of a probe
 * @param unhealthyAfter consecutive failures of one probe before the host counts as unhealthy
 * @param probes the probes, run on every target
 */
public record Health(Duration interval, int unhealthyAfter, List<ProbeSpec> probes) {

  public static final Health NONE = new Health(Duration.ofSeconds(30), 3, List.of());

  public Health {
    probes = List.copyOf(probes);
  }
}
