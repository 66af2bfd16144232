package dev.rollout.plan;

import dev.rollout.inventory.Host;
import dev.rollout.source.Position;
import dev.rollout.transport.HostKeyPolicy;
import java.util.List;
import java.util.Map;

/** Test hosts with only what the plan model looks at: a name, labels and what they serve. */
final class Hosts {

  private Hosts() {}

  static Host host(String name, Map<String, String> labels) {
    return new Host(name, new Position("inventory.yml", 1, 1), "10.0.0.1", 22, "root",
        "~/.ssh/id_ed25519", "~/.ssh/known_hosts", HostKeyPolicy.STRICT, null, false, labels,
        Map.of(), List.of(name + ".example.net"), null, null, null);
  }

  static List<Host> numbered(int count) {
    return java.util.stream.IntStream.rangeClosed(1, count)
        .mapToObj(i -> host("h" + i, Map.of())).toList();
  }
}
