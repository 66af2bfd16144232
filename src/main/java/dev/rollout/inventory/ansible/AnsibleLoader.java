package dev.rollout.inventory.ansible;

import dev.rollout.inventory.ansible.AnsibleInventory.Group;
import dev.rollout.inventory.ansible.AnsibleInventory.HostEntry;
import dev.rollout.source.Position;
import dev.rollout.source.Problems;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads an Ansible inventory (INI or YAML) and the {@code group_vars/} and {@code host_vars/}
 * beside it, and resolves each host's variables in Ansible's order, lowest first: the {@code all}
 * group's inventory vars; every other group of the host, by depth, then {@code
 * ansible_group_priority}, then name; {@code group_vars/all}; the other groups' {@code group_vars}
 * files in the same order; the host's inventory vars; its {@code host_vars} files.
 */
public final class AnsibleLoader {

  /** The two file formats. */
  public enum Format { INI, YAML }

  private final Problems problems;

  public AnsibleLoader(Problems problems) {
    this.problems = problems;
  }

  public AnsibleHosts load(String file, String text, Format format, VarsTree tree) {
    AnsibleInventory inv = new AnsibleInventory(new Position(file, 1, 1));
    if (Vault.encrypted(text)) {
      Vault.refuseFile(new Position(file, 1, 1), problems);
      return AnsibleHosts.EMPTY;
    }
    if (format == Format.INI) {
      new IniReader(file, problems, inv).read(text);
    } else {
      Node root = new AnsibleYaml(file, problems).load(text);
      new YamlReader(file, problems, inv).read(root, file);
    }
    inv.reconcile();
    return resolve(inv, new VarsFiles(file, tree, problems));
  }

  private AnsibleHosts resolve(AnsibleInventory inv, VarsFiles files) {
    Group all = inv.group("all");
    Map<String, Integer> depth = new HashMap<>();
    inv.groups.values().forEach(g -> depth.put(g.name, inv.depth(g)));
    Comparator<Group> order = Comparator.comparingInt((Group g) -> depth.get(g.name))
        .thenComparingInt(g -> g.priority).thenComparing(g -> g.name);
    Map<String, AnsibleHosts.HostVars> hosts = new LinkedHashMap<>();
    for (HostEntry h : inv.hosts.values()) {
      List<Group> groups = new ArrayList<>(inv.groupsOf(h));
      groups.remove(all);
      groups.sort(order);
      Map<String, Value> vars = new LinkedHashMap<>(all.vars);
      groups.forEach(g -> vars.putAll(g.vars));
      vars.putAll(files.group(all.name));
      groups.forEach(g -> vars.putAll(files.group(g.name)));
      vars.putAll(h.vars);
      vars.putAll(files.host(h.name));
      hosts.put(h.name, new AnsibleHosts.HostVars(h.name, h.at, vars));
    }
    Map<String, AnsibleHosts.GroupView> groups = new LinkedHashMap<>();
    for (Group g : inv.groups.values()) {
      groups.put(g.name, new AnsibleHosts.GroupView(g.name, g.at, List.copyOf(g.hosts),
          g.children.stream().map(c -> c.name).toList(), g.allHosts()));
    }
    return new AnsibleHosts(hosts, groups);
  }
}
