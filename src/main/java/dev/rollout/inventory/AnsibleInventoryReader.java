package dev.rollout.inventory;

import dev.rollout.inventory.ansible.AnsibleHosts;
import dev.rollout.inventory.ansible.AnsibleLoader;
import dev.rollout.inventory.ansible.VarsTree;
import dev.rollout.source.Node.Entry;
import dev.rollout.source.Node.MapNode;
import dev.rollout.source.Node.Scalar;
import dev.rollout.source.Node.ScalarType;
import dev.rollout.source.Position;
import dev.rollout.source.Problems;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads an Ansible inventory into Rollout's {@link Inventory}: every Ansible host a host, every
 * Ansible group a group of all its hosts (its child groups' included), {@code all} and {@code
 * ungrouped} too. A jump host named by ProxyJump is the inventory host of that name or address,
 * or else a host of its own, reached directly with the target's key and known_hosts.
 */
final class AnsibleInventoryReader {

  private final Problems problems;
  private final Function<String, String> env;

  private final SshConfigLayer config;

  AnsibleInventoryReader(Problems problems, Function<String, String> env,
      SshConfigLayer config) {
    this.problems = problems;
    this.env = env;
    this.config = config;
  }

  Inventory read(String file, String text, AnsibleLoader.Format format, VarsTree tree) {
    AnsibleHosts ans = new AnsibleLoader(problems).load(file, text, format, tree);
    Map<String, Host> hosts = new LinkedHashMap<>();
    Map<String, AnsibleHostReader.Read> reads = new LinkedHashMap<>();
    AnsibleHostReader reader = new AnsibleHostReader(problems, env, config);
    for (AnsibleHosts.HostVars h : ans.hosts().values()) {
      AnsibleHostReader.Read r = reader.read(h);
      reads.put(h.name(), r);
      hosts.put(h.name(), r.host());
    }
    if (hosts.isEmpty() && problems.isEmpty()) {
      problems.add(new Position(file, 1, 1), "", "the inventory has no hosts", "");
    }
    new JumpHosts(problems, hosts).resolve(reads);
    new References(problems, hosts, nodes(ans, hosts)).check();
    if (problems.isEmpty()) {
      new KeyFileChecks(problems, InventoryLoader.baseDir(file)).check(hosts, reader.sources);
    }
    Map<String, List<String>> groups = new LinkedHashMap<>();
    ans.groups().values().forEach(g -> groups.put(g.name(), g.allHosts()));
    return new Inventory(file, hosts, groups);
  }

  /** Stand-ins for the YAML nodes {@link References} reports at: a key for each route. */
  private static Map<String, MapNode> nodes(AnsibleHosts ans, Map<String, Host> hosts) {
    Map<String, MapNode> out = new LinkedHashMap<>();
    for (Host h : hosts.values()) {
      AnsibleHosts.HostVars hv = ans.hosts().get(h.name());
      Map<String, Entry> entries = new LinkedHashMap<>();
      Position at = h.position();
      if (hv != null) {
        put(entries, "via", hv.vars().containsKey("ansible_ssh_common_args")
            ? AnsibleHostReader.at(hv.vars(), "ansible_ssh_common_args")
            : AnsibleHostReader.at(hv.vars(), "ansible_ssh_extra_args"), at);
        put(entries, "console", AnsibleHostReader.at(hv.vars(), "rollout_console"), at);
        put(entries, "container", AnsibleHostReader.at(hv.vars(), "rollout_container"), at);
      }
      out.put(h.name(), new MapNode(at, "host " + h.name(), entries));
    }
    return out;
  }

  private static void put(Map<String, Entry> entries, String key, Position at, Position host) {
    Position p = at == null ? host : at;
    entries.put(key, new Entry(key, p, new Scalar(p, key, "", ScalarType.STRING)));
  }

}
