package dev.rollout.inventory.ansible;

import dev.rollout.source.Position;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An Ansible inventory as Ansible resolves it: every host with its variables, every group with
 * its own hosts, its children and all its hosts (its descendants' included).
 *
 * @param hosts by name, in the order the file first names them
 * @param groups by name, {@code all} and {@code ungrouped} first
 */
public record AnsibleHosts(Map<String, HostVars> hosts, Map<String, GroupView> groups) {

  static final AnsibleHosts EMPTY = new AnsibleHosts(Map.of(), Map.of());

  public AnsibleHosts {
    hosts = Collections.unmodifiableMap(new LinkedHashMap<>(hosts));
    groups = Collections.unmodifiableMap(new LinkedHashMap<>(groups));
  }

  /**
   * One host.
   *
   * @param name the inventory host name
   * @param at where the file first names it
   * @param vars its resolved variables, each with where its winning value was set
   */
  public record HostVars(String name, Position at, Map<String, Value> vars) {
    public HostVars {
      vars = Collections.unmodifiableMap(new LinkedHashMap<>(vars));
    }
  }

  /**
   * One group.
   *
   * @param name its name
   * @param at where it is first named
   * @param hosts the hosts listed in it directly
   * @param children its child groups
   * @param allHosts its hosts and those of its descendants, each once
   */
  public record GroupView(String name, Position at, List<String> hosts, List<String> children,
      List<String> allHosts) {
    public GroupView {
      hosts = List.copyOf(hosts);
      children = List.copyOf(children);
      allHosts = List.copyOf(allHosts);
    }
  }
}
