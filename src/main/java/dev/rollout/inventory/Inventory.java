package dev.rollout.inventory;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A loaded, valid inventory.
 *
 * @param file the file as the operator named it
 * @param hosts every host by name, in file order
 * @param groups every group's member host names, in file order
 */
public record Inventory(String file, Map<String, Host> hosts, Map<String, List<String>> groups) {

  public Inventory {
    hosts = Collections.unmodifiableMap(new LinkedHashMap<>(hosts));
    groups = Collections.unmodifiableMap(new LinkedHashMap<>(groups));
  }

  public Optional<Host> host(String name) {
    return Optional.ofNullable(hosts.get(name));
  }

  /** The chain of jump hosts to reach {@code host}, nearest to the controller first. */
  public List<Host> jumpChain(Host host) {
    java.util.ArrayList<Host> chain = new java.util.ArrayList<>();
    Host h = host;
    while (h.via() != null && chain.size() <= hosts.size()) {
      h = hosts.get(h.via());
      chain.add(0, h);
    }
    return List.copyOf(chain);
  }
}
