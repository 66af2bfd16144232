package dev.rollout.inventory;

import dev.rollout.source.Node.MapNode;
import dev.rollout.source.Problems;
import dev.rollout.source.Suggest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Checks that {@code via}, {@code console} and {@code container} name real hosts, without cycles. */
final class References {

  private final Problems problems;
  private final Map<String, Host> hosts;
  private final Map<String, MapNode> nodes;
  private final java.util.Set<String> inReportedCycle = new java.util.HashSet<>();

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

  /** Reports a cycle once, at its first host in file order, not again for each of its hosts. */
  private void checkViaCycle(Host start, MapNode node) {
    if (inReportedCycle.contains(start.name())) {
      return;
    }
    List<String> seen = new ArrayList<>(List.of(start.name()));
    Host h = start;
    while (h != null && h.via() != null) {
      if (seen.contains(h.via())) {
        inReportedCycle.addAll(seen.subList(seen.indexOf(h.via()), seen.size()));
        seen.add(h.via());
        problems.add(InventoryLoader.keyPosition(node, "via"), node.path() + ".via",
            "jump hosts form a cycle: " + String.join(" -> ", seen),
            "a jump host chain must end at a host reached directly");
        return;
      }
      seen.add(h.via());
      h = hosts.get(h.via());
    }
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
