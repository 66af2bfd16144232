package dev.rollout.engine;

import java.util.Locale;

/**
 * The one spelling of an enum constant in every JSON document, webhook and notify command:
 * lower-case snake case ({@code ROLLED_BACK} is {@code rolled_back}, everywhere). Text for people
 * writes the same word with spaces ({@link #words}). The journal keeps its own spelling (the
 * constant's name), which is a storage format, not output.
 */
public final class Wire {

  private Wire() {}

  /** {@code rolled_back} for {@code ROLLED_BACK}; null for null. */
  public static String name(Enum<?> constant) {
    return constant == null ? null : constant.name().toLowerCase(Locale.ROOT);
  }

  /** {@code rolled back} for {@code ROLLED_BACK}: the same word, as an operator reads it. */
  public static String words(Enum<?> constant) {
    return constant == null ? null : name(constant).replace('_', ' ');
  }
}
