package dev.rollout.inventory;

import dev.rollout.source.Node.MapNode;
import dev.rollout.source.Problems;
import dev.rollout.source.Suggest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Checks that {@code via}, {@code console} and {@code container} name real hosts, without cycles. */
final class References {

  private final Problems problems;
  private final Map<String, Host> hosts;
  private final Map<String, MapNode> nodes;
  private final Set<String> inReportedCycle = new HashSet<>();
  private final Set<String> leadsOut = new HashSet<>();

  References(Problems problems, Map<String, Host> hosts, Map<String, MapNode> nodes) {
    this.problems = problems;
    this.hosts = hosts;
    this.nodes = nodes;
  }

  void check() {
    for (Host h : hosts.values()) {
      MapNode node = nodes.get(h.name());
      if (h.via() != null && exists(h.via(), node, "via")) {
        checkViaCycle(h, node);
      }
      if (h.console() != null && exists(h.console().host(), node, "console")) {
        checkCarrier(h, h.console().host(), node, "console");
      }
      if (h.container() != null && exists(h.container().host(), node, "container")) {
        checkCarrier(h, h.container().host(), node, "container");
      }
    }
  }

  private boolean exists(String name, MapNode node, String key) {
    if (hosts.containsKey(name)) {
      return true;
    }
    String path = node.path() + "." + key;
    String hint = Suggest.closest(name, hosts.keySet()).map(s -> "did you mean \"" + s + "\"?")
        .orElse("it must be a host of this inventory");
    problems.add(InventoryLoader.keyPosition(node, key), path,
        key + " names unknown host \"" + name + "\"", hint);
    return false;
  }

  /**
   * Reports a cycle once, at its first host in file order, not again for each of its hosts. A
   * chain once seen to end at a host reached directly is not walked again by the hosts that lead
   * into it (a fleet behind one bastion costs its hosts, not hosts times the chain).
   */
  private void checkViaCycle(Host start, MapNode node) {
    if (inReportedCycle.contains(start.name()) || leadsOut.contains(start.name())) {
      return;
    }
    List<String> seen = new ArrayList<>(List.of(start.name()));
    Map<String, Integer> index = new HashMap<>(Map.of(start.name(), 0));
    Host h = start;
    while (h != null && h.via() != null && !leadsOut.contains(h.via())) {
      Integer first = index.putIfAbsent(h.via(), seen.size());
      if (first != null) {
        inReportedCycle.addAll(seen.subList(first, seen.size()));
        seen.add(h.via());
        problems.add(InventoryLoader.keyPosition(node, "via"), node.path() + ".via",
            "jump hosts form a cycle: " + String.join(" -> ", seen),
            "a jump host chain must end at a host reached directly");
        return;
      }
      seen.add(h.via());
      h = hosts.get(h.via());
    }
    leadsOut.addAll(seen);
  }

  private void checkCarrier(Host h, String carrier, MapNode node, String key) {
    Host c = hosts.get(carrier);
    if (carrier.equals(h.name())) {
      problems.add(InventoryLoader.keyPosition(node, key), node.path() + "." + key,
          key + " of " + h.name() + " names the host itself",
          "it must be another host, such as the hypervisor");
    } else if (c.isContainer()) {
      problems.add(InventoryLoader.keyPosition(node, key), node.path() + "." + key,
          key + " host \"" + carrier + "\" is itself a container",
          "commands reach a container through a host with SSH");
    }
  }
}
