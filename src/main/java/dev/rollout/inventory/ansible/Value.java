package dev.rollout.inventory.ansible;

import dev.rollout.source.Position;

/**
 * A variable's value as Ansible holds it, with where it was set: a {@code String}, {@code Long} or
 * {@code java.math.BigInteger}, {@code Double}, {@code Boolean}, null, a {@code List} or a {@code
 * Map} of such values.
 *
 * @param value the typed value
 * @param at where the variable was set (the key's position)
 */
public record Value(Object value, Position at) {}
