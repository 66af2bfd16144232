package dev.rollout.plan;

/**
 * A limit given as a count or as a percentage of the targets.
 *
 * @param value the count, or the percentage (0 to 100)
 * @param percent whether {@code value} is a percentage
 */
public record Threshold(int value, boolean percent) {

  /** The limit in hosts for {@code total} targets; a percentage rounds down. */
  public int of(int total) {
    return percent ? (int) Math.floor(total * (value / 100.0)) : value;
  }

  @Override
  public String toString() {
    return percent ? value + "%" : Integer.toString(value);
  }
}
