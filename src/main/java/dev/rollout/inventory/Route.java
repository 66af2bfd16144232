package dev.rollout.inventory;

/**
 * A way to run commands on a target through another host: the command runs on {@code host} as
 * {@code WRAP sh -c '<command>'}.
 *
 * @param host the inventory name of the carrier host
 * @param wrap the wrapping command, such as {@code pct exec 101 --} or {@code docker exec web-1}
 */
public record Route(String host, String wrap) {}
