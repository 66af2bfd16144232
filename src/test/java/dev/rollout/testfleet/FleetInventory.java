package dev.rollout.testfleet;

import java.util.Map;

/**
 * An inventory.yml for a {@link TestFleet}: every host with its address and port, {@code
 * vars.health} its health URL, all in group {@code all}; the fleet's client key and known_hosts.
 */
public final class FleetInventory {

  private FleetInventory() {}

  /** The inventory, with {@code extras} (YAML lines) added under the hosts they name. */
  public static String yaml(TestFleet fleet, Map<String, String> extras) {
    StringBuilder b = new StringBuilder("defaults:\n")
        .append("  user: ").append(System.getProperty("user.name")).append('\n')
        .append("  identity: ").append(fleet.clientKey()).append('\n')
        .append("  knownHosts: ").append(fleet.knownHosts()).append('\n')
        .append("hosts:\n");
    for (TestHost h : fleet.hosts()) {
      b.append("  ").append(h.name()).append(":\n")
          .append("    address: ").append(h.address()).append('\n')
          .append("    port: ").append(h.sshPort()).append('\n')
          .append("    vars: { health: \"").append(h.healthUrl()).append("\" }\n")
          .append(extras.containsKey(h.name()) ? extras.get(h.name()).indent(4) : "");
    }
    b.append("groups:\n  all: [")
        .append(String.join(", ", fleet.hosts().stream().map(TestHost::name).toList()))
        .append("]\n");
    return b.toString();
  }
}
