package dev.rollout.inventory;

import dev.rollout.source.Fields;
import dev.rollout.source.Node;
import dev.rollout.source.Node.Entry;
import dev.rollout.source.Node.ListNode;
import dev.rollout.source.Node.MapNode;
import dev.rollout.source.Node.Scalar;
import dev.rollout.source.Problems;
import dev.rollout.source.Suggest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads {@code groups}: each a list of host names, or a map with {@code hosts} and settings that
 * apply to its members (a host's own settings still win). A host in two groups that set different
 * settings is an error, since no order between groups is defined.
 */
final class GroupReader {

  private final Problems problems;
  private final Function<String, String> env;
  private final Set<String> hostNames;
  private final Map<String, List<String>> members = new LinkedHashMap<>();
  private final Map<String, Settings> settings = new LinkedHashMap<>();
  /** Per host, the groups with settings that list it, in group order; built on first use. */
  private Map<String, List<String>> settingGroups;

  GroupReader(Problems problems, Function<String, String> env, Set<String> hostNames) {
    this.problems = problems;
    this.env = env;
    this.hostNames = hostNames;
  }

  void read(Node node, Set<String> groupKeys) {
    if (node == null) {
      return;
    }
    if (!(node instanceof MapNode m)) {
      problems.add(node, "groups must be a map of group names to host lists, found "
          + node.kindName());
      return;
    }
    for (Entry e : m.entries().values()) {
      if (hostNames.contains(e.key())) {
        problems.add(e.keyPosition(), "groups." + e.key(),
            "group \"" + e.key() + "\" has the same name as a host", "rename the group");
      }
      Node list = e.value();
      if (e.value() instanceof MapNode gm) {
        Fields f = Fields.of(gm, "group " + e.key(), groupKeys, problems);
        f.require("hosts", "list the group's members under \"hosts:\"");
        settings.put(e.key(), Settings.read(f, problems, env));
        list = gm.get("hosts");
      }
      members.put(e.key(), hosts(e.key(), list));
    }
  }

  private List<String> hosts(String group, Node list) {
    List<String> out = new ArrayList<>();
    java.util.Set<String> listed = new java.util.HashSet<>();
    if (list == null) {
      return out;
    }
    if (!(list instanceof ListNode l)) {
      problems.add(list, "group " + group + " must list host names, found " + list.kindName());
      return out;
    }
    for (Node item : l.items()) {
      if (!(item instanceof Scalar s)) {
        problems.add(item, "expected a host name, found " + item.kindName());
      } else if (!hostNames.contains(s.text())) {
        problems.add(item, "unknown host \"" + s.text() + "\" in group " + group, hint(s.text()));
      } else if (!listed.add(s.text())) {
        problems.add(item, "host \"" + s.text() + "\" is listed twice in group " + group);
      } else {
        out.add(s.text());
      }
    }
    return out;
  }

  private String hint(String name) {
    return Suggest.closest(name, hostNames).map(s -> "did you mean \"" + s + "\"?")
        .orElse("hosts are defined under \"hosts:\"");
  }

  /** The group settings that apply to {@code host}, checking that its groups do not disagree. */
  Settings settingsFor(String host, MapNode hostNode) {
    Settings found = null;
    String from = null;
    for (String g : settingGroups().getOrDefault(host, List.of())) {
      if (found != null && !found.equals(settings.get(g))) {
        problems.add(hostNode, "host " + host + " is in groups " + from + " and " + g
            + ", which set different settings", "move the settings to the host");
      }
      found = settings.get(g);
      from = g;
    }
    return found == null
        ? Settings.EMPTY
        : found;
  }

  private Map<String, List<String>> settingGroups() {
    if (settingGroups == null) {
      settingGroups = new java.util.HashMap<>();
      settings.keySet().forEach(g -> members.getOrDefault(g, List.of()).forEach(h ->
          settingGroups.computeIfAbsent(h, k -> new ArrayList<>()).add(g)));
    }
    return settingGroups;
  }

  Map<String, List<String>> members() {
    return members;
  }
}
