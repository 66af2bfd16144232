package dev.rollout.probe;

/**
 * How often one probe ran and failed over a reporting window.
 *
 * @param checks checks completed
 * @param failures checks that were not healthy, unreachable ones included
 * @param unreachable checks that could not reach the host
 */
public record ProbeCounts(long checks, long failures, long unreachable) {

  static final ProbeCounts NONE = new ProbeCounts(0, 0, 0);

  ProbeCounts plus(ProbeResult result) {
    long failed = result.healthy() ? 0 : 1;
    long lost = result.unreachable() ? 1 : 0;
    return new ProbeCounts(checks + 1, failures + failed, unreachable + lost);
  }
}
