package dev.rollout.inventory.ansible;

import dev.rollout.inventory.ansible.AnsibleInventory.Group;
import dev.rollout.source.Position;
import dev.rollout.source.Problems;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Ansible's YAML inventory format, as its {@code yaml} plugin reads it: each top-level key a group
 * (usually {@code all}), each group a map of {@code hosts}, {@code children} and {@code vars}.
 * What that plugin skips with a warning (a key other than those three, a group that is not a
 * map) is skipped here too.
 */
final class YamlReader {

  private final Problems problems;
  private final AnsibleInventory inv;
  private final AnsibleYaml yaml;

  YamlReader(String file, Problems problems, AnsibleInventory inv) {
    this.problems = problems;
    this.inv = inv;
    this.yaml = new AnsibleYaml(file, problems);
  }

  /** Reads an already composed document. */
  void read(Node root, String file) {
    if (root == null) {
      problems.add(new Position(file, 1, 1), "", "the inventory is empty", "");
      return;
    }
    if (!(root instanceof MappingNode m)) {
      problems.add(yaml.at(root), "", "an Ansible YAML inventory must be a map of groups, found "
          + AnsibleYaml.kind(root), "for example: all: {hosts: {web1: }}");
      return;
    }
    for (NodeTuple t : m.getValue()) {
      String name = yaml.key(t.getKeyNode());
      if ("plugin".equals(name)) {
        problems.add(yaml.at(t.getKeyNode()), "", "this is an inventory plugin's configuration"
            + " (dynamic inventory), which Rollout does not run", "export it once with:"
            + " ansible-inventory -i FILE --list -y > hosts.yml, and point -i at that file");
        return;
      }
    }
    for (NodeTuple t : m.getValue()) {
      String name = yaml.key(t.getKeyNode());
      if (name != null) {
        group(name, t.getKeyNode(), t.getValueNode());
      }
    }
  }

  private Group group(String name, Node keyNode, Node data) {
    boolean isMap = data instanceof MappingNode;
    if (!isMap && !AnsibleYaml.isNull(data)) {
      return inv.group(name);
    }
    Group g = inv.addGroup(name, yaml.at(keyNode));
    if (!isMap) {
      return g;
    }
    for (NodeTuple t : ((MappingNode) data).getValue()) {
      String key = yaml.key(t.getKeyNode());
      Node v = t.getValueNode();
      boolean section = List.of("vars", "children", "hosts").contains(key);
      if (section && v instanceof ScalarNode s && !AnsibleYaml.isNull(v)) {
        one(g, key, s);
        continue;
      }
      if (section && !(v instanceof MappingNode) && !AnsibleYaml.isNull(v)) {
        problems.add(yaml.at(v), "", "\"" + key + "\" of group \"" + name + "\" must be a map,"
            + " found " + AnsibleYaml.kind(v), "");
        continue;
      }
      if (!(v instanceof MappingNode vm)) {
        continue;
      }
      switch (key) {
        case "vars" -> vars(g, vm);
        case "children" -> children(g, vm);
        case "hosts" -> hosts(g, vm);
        default -> { }
      }
    }
    return g;
  }

  /** A section written as one string, such as {@code children: web}, means one entry. */
  private void one(Group g, String key, ScalarNode s) {
    switch (key) {
      case "children" -> child(g, group(s.getValue(), s, null), yaml.at(s));
      case "hosts" -> host(g, s.getValue(), s, null);
      default -> problems.add(yaml.at(s), "", "\"vars\" of group \"" + g.name + "\" must be a"
          + " map, found " + AnsibleYaml.kind(s), "");
    }
  }

  private void vars(Group g, MappingNode vm) {
    Map<String, Value> vars = yaml.vars(vm, "vars of group " + g.name);
    if (vars == null) {
      return;
    }
    for (Map.Entry<String, Value> e : vars.entrySet()) {
      String why = inv.setGroupVar(g, e.getKey(), e.getValue());
      if (why != null) {
        problems.add(e.getValue().at(), "", why, "");
      }
    }
  }

  private void children(Group g, MappingNode cm) {
    for (NodeTuple t : cm.getValue()) {
      String name = yaml.key(t.getKeyNode());
      if (name != null) {
        Group child = group(name, t.getKeyNode(), t.getValueNode());
        child(g, child, yaml.at(t.getKeyNode()));
      }
    }
  }

  private void child(Group parent, Group child, Position at) {
    if (child == null) {
      return;
    }
    String why = inv.addChild(parent, child);
    if (why != null) {
      problems.add(at, "", why, "a group cannot contain itself, directly or through its"
          + " children");
    }
  }

  private void hosts(Group g, MappingNode hm) {
    for (NodeTuple t : hm.getValue()) {
      if (!(t.getKeyNode() instanceof ScalarNode k) || !k.getTag().getValue().endsWith(":str")) {
        problems.add(yaml.at(t.getKeyNode()), "", "host pattern " + AnsibleYaml.kind(
            t.getKeyNode()) + " must be a string", "enclose numbers in quotes");
        continue;
      }
      host(g, k.getValue(), k, t.getValueNode());
    }
  }

  private void host(Group g, String pattern, Node keyNode, Node data) {
    HostPatterns.Expanded hosts;
    try {
      hosts = HostPatterns.expand(pattern, false);
    } catch (HostPatterns.Invalid e) {
      problems.add(yaml.at(keyNode), "", e.getMessage(), "for example web[01:20].example.net");
      return;
    }
    Map<String, Value> vars = data == null || AnsibleYaml.isNull(data) ? Map.of()
        : yaml.vars(data, "host " + pattern);
    for (String h : hosts.hosts()) {
      AnsibleInventory.HostEntry e = inv.addHost(h, g, hosts.port(), yaml.at(keyNode));
      if (vars != null) {
        e.vars.putAll(vars);
      }
    }
  }
}
