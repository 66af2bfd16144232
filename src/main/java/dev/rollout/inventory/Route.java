package dev.rollout.inventory;

/**
 * A way to run commands on a target through another host: the command runs on {@code host} as
 * {@code 'W1' 'W2' sh -c '<command>'}, the wrap split into words by shell quoting rules.
 *
 * @param host the inventory name of the carrier host
 * @param wrap the wrapping command as written, such as {@code pct exec 101 --} or {@code docker
 *     exec web-1}; validation has proven that it parses ({@link dev.rollout.transport.Wrap})
 */
public record Route(String host, String wrap) {}
