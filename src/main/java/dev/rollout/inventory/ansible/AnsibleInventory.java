package dev.rollout.inventory.ansible;

import dev.rollout.source.Position;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Groups and hosts as Ansible's inventory data holds them while a source is parsed: {@code all}
 * and {@code ungrouped} always exist, groups form a graph without cycles, and variables are set
 * on a group or a host, the later setting winning.
 */
final class AnsibleInventory {

  /** A group: its own hosts, its child groups, its variables and its priority. */
  static final class Group {
    final String name;
    final Position at;
    final Set<String> hosts = new LinkedHashSet<>();
    final List<Group> children = new ArrayList<>();
    final List<Group> parents = new ArrayList<>();
    final Map<String, Value> vars = new LinkedHashMap<>();
    int priority = 1;

    Group(String name, Position at) {
      this.name = name;
      this.at = at;
    }

    Set<Group> ancestors() {
      Set<Group> out = new LinkedHashSet<>();
      List<Group> todo = new ArrayList<>(parents);
      while (!todo.isEmpty()) {
        Group g = todo.remove(0);
        if (out.add(g)) {
          todo.addAll(g.parents);
        }
      }
      return out;
    }

    /** This group and its descendants, level by level, each once. */
    List<Group> withDescendants() {
      List<Group> out = new ArrayList<>(List.of(this));
      for (int i = 0; i < out.size(); i++) {
        for (Group c : out.get(i).children) {
          if (!out.contains(c)) {
            out.add(c);
          }
        }
      }
      return out;
    }

    /** Every host of this group and of its descendants, each once. */
    List<String> allHosts() {
      Set<String> out = new LinkedHashSet<>();
      withDescendants().forEach(g -> out.addAll(g.hosts));
      return List.copyOf(out);
    }
  }

  /** A host: where it was first defined, its own variables, the groups that list it. */
  static final class HostEntry {
    final String name;
    final Position at;
    final Map<String, Value> vars = new LinkedHashMap<>();
    final List<Group> groups = new ArrayList<>();

    HostEntry(String name, Position at) {
      this.name = name;
      this.at = at;
    }
  }

  final Map<String, Group> groups = new LinkedHashMap<>();
  final Map<String, HostEntry> hosts = new LinkedHashMap<>();

  AnsibleInventory(Position at) {
    addGroup("all", at);
    addGroup("ungrouped", at);
    addChild(group("all"), group("ungrouped"));
  }

  Group group(String name) {
    return groups.get(name);
  }

  Group addGroup(String name, Position at) {
    return groups.computeIfAbsent(name, n -> new Group(n, at));
  }

  /** Adds {@code name} (once) to {@code group}; a port sets its {@code ansible_port}. */
  HostEntry addHost(String name, Group group, Integer port, Position at) {
    HostEntry h = hosts.get(name);
    if (h == null) {
      h = new HostEntry(name, at);
      hosts.put(name, h);
      if (port != null) {
        h.vars.put("ansible_port", new Value((long) port, at));
      }
    }
    if (group != null && group.hosts.add(name)) {
      h.groups.add(group);
    }
    return h;
  }

  /** Makes {@code child} a child of {@code parent}; returns why not when it would form a cycle. */
  String addChild(Group parent, Group child) {
    if (parent == child) {
      return "group \"" + child.name + "\" cannot be a child of itself";
    }
    if (parent.children.contains(child)) {
      return null;
    }
    if (parent.ancestors().contains(child)) {
      return "adding group \"" + child.name + "\" as a child of \"" + parent.name
          + "\" forms a cycle: " + cycle(parent, child);
    }
    parent.children.add(child);
    if (!child.parents.contains(parent)) {
      child.parents.add(parent);
    }
    return null;
  }

  /** The path child -> ... -> parent -> child, for the message. */
  private static String cycle(Group parent, Group child) {
    List<String> path = new ArrayList<>();
    if (pathDown(child, parent, path, new LinkedHashSet<>())) {
      path.add(child.name);
      return String.join(" -> ", path);
    }
    return child.name + " -> " + parent.name + " -> " + child.name;
  }

  private static boolean pathDown(Group from, Group to, List<String> path, Set<Group> seen) {
    path.add(from.name);
    if (from == to) {
      return true;
    }
    if (seen.add(from)) {
      for (Group c : from.children) {
        if (pathDown(c, to, path, seen)) {
          return true;
        }
      }
    }
    path.remove(path.size() - 1);
    return false;
  }

  /**
   * Sets a group variable; {@code ansible_group_priority} sets the group's priority instead.
   * Returns a problem with the value, or null.
   */
  String setGroupVar(Group g, String key, Value v) {
    if (key.equals("ansible_group_priority")) {
      Long p = PyLiteral.asInteger(v.value());
      if (p == null) {
        return "ansible_group_priority must be a whole number, found \"" + Texts.of(v.value())
            + "\"";
      }
      g.priority = p.intValue();
      return null;
    }
    g.vars.put(key, v);
    return null;
  }

  /** Ansible's reconcile step: top groups join {@code all}; hosts in no group join ungrouped. */
  void reconcile() {
    Group all = group("all");
    Group ungrouped = group("ungrouped");
    for (Group g : List.copyOf(groups.values())) {
      if (g != all && g.ancestors().isEmpty()) {
        addChild(all, g);
      }
    }
    for (HostEntry h : hosts.values()) {
      boolean onlyAll = h.groups.stream().allMatch(g -> g == all || g == ungrouped);
      if (h.groups.contains(ungrouped) && !onlyAll) {
        ungrouped.hosts.remove(h.name);
        h.groups.remove(ungrouped);
      } else if (h.groups.isEmpty() || h.groups.size() == 1 && h.groups.get(0) == all) {
        addHost(h.name, ungrouped, null, h.at);
      }
    }
  }

  /** A group's depth: the longest path from {@code all}. */
  int depth(Group g) {
    int d = 0;
    for (Group p : g.parents) {
      d = Math.max(d, depth(p) + 1);
    }
    return d;
  }

  /** The host's groups and their ancestors, {@code all} included. */
  Set<Group> groupsOf(HostEntry h) {
    Set<Group> out = new LinkedHashSet<>();
    for (Group g : h.groups) {
      out.add(g);
      out.addAll(g.ancestors());
    }
    return out;
  }
}
