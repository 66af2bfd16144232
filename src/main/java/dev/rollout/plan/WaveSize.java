package dev.rollout.plan;

/**
 * The size of one wave: a count of hosts, or a percentage of all targets.
 *
 * <p>A percentage is of the whole target set (canaries included), rounded up, at least one host,
 * and never more than remain: with 40 targets, {@code 10%} is 4 hosts. {@code 100%} is therefore
 * always all that remain. When the listed waves do not cover every target, the last size repeats
 * until they do, as Ansible's {@code serial} does.
 *
 * @param value the count, or the percentage (1 to 100)
 * @param percent whether {@code value} is a percentage
 */
public record WaveSize(int value, boolean percent) {

  /** How many hosts this wave takes out of {@code remaining}, with {@code total} targets. */
  public int hosts(int total, int remaining) {
    int n = percent ? Math.max(1, (int) Math.ceil(total * (value / 100.0))) : value;
    return Math.min(n, remaining);
  }

  @Override
  public String toString() {
    return percent ? value + "%" : Integer.toString(value);
  }
}
