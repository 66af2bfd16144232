package dev.rollout.inventory.ansible;

import dev.rollout.source.Position;
import dev.rollout.source.Problems;
import dev.rollout.source.YamlLoader;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.yaml.snakeyaml.nodes.Node;

/** The variables that {@code group_vars/} and {@code host_vars/} files give a group or a host. */
final class VarsFiles {

  private final String base;
  private final VarsTree tree;
  private final Problems problems;
  private final Map<String, Map<String, Value>> loaded = new HashMap<>();

  VarsFiles(String inventoryFile, VarsTree tree, Problems problems) {
    int slash = inventoryFile.lastIndexOf('/');
    this.base = slash < 0 ? "" : inventoryFile.substring(0, slash + 1);
    this.tree = tree;
    this.problems = problems;
  }

  Map<String, Value> group(String name) {
    return entity("group_vars", name);
  }

  Map<String, Value> host(String name) {
    return entity("host_vars", name);
  }

  private Map<String, Value> entity(String dir, String name) {
    Map<String, Value> out = new LinkedHashMap<>();
    for (String f : tree.find(dir, name)) {
      out.putAll(loaded.computeIfAbsent(f, this::file));
    }
    return out;
  }

  private Map<String, Value> file(String rel) {
    String shown = base + rel;
    String text = new YamlLoader(shown, problems).text(tree.files().get(rel));
    if (text == null) {
      return Map.of();
    }
    if (Vault.encrypted(text)) {
      Vault.refuseFile(new Position(shown, 1, 1), problems);
      return Map.of();
    }
    AnsibleYaml yaml = new AnsibleYaml(shown, problems);
    Node root = yaml.load(text);
    if (root == null || AnsibleYaml.isNull(root)) {
      return Map.of();
    }
    Map<String, Value> vars = yaml.vars(root, "a vars file");
    return vars == null ? Map.of() : vars;
  }
}
