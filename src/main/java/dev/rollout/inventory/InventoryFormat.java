package dev.rollout.inventory;

import dev.rollout.source.Node.Entry;
import dev.rollout.source.Node.MapNode;
import dev.rollout.source.Node.Scalar;
import dev.rollout.source.Node.ScalarType;
import dev.rollout.source.Problems;
import dev.rollout.source.YamlLoader;
import java.io.StringReader;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Which format an inventory file is written in, told from its content (and a {@code .ini} name):
 *
 * <ol>
 *   <li>a file named {@code *.ini} is Ansible INI;
 *   <li>a YAML map with a top-level {@code all:} is Ansible YAML;
 *   <li>a YAML map with a top-level {@code defaults:} or {@code groups:} is Rollout's own;
 *   <li>a YAML map whose every top-level value is empty or a map of only {@code hosts:}, {@code
 *       children:} and {@code vars:} is Ansible YAML;
 *   <li>any other YAML map is Rollout's own;
 *   <li>text that is not a YAML map, in a file not named {@code *.yml}, {@code *.yaml} or {@code
 *       *.json}, is Ansible INI when a line is an INI section ({@code [web]}) or the first line
 *       is not a YAML {@code key:}; anything else is Rollout's own (so that a broken Rollout
 *       inventory gets its YAML error).
 * </ol>
 */
public enum InventoryFormat {
  ROLLOUT,
  ANSIBLE_INI,
  ANSIBLE_YAML;

  /**
   * An inventory's format, told once, and what was read to tell it, so that the text is not read
   * again to load it.
   *
   * @param format the format
   * @param root for Rollout's own format, the tree read with positions; else null (read it again)
   * @param read what reading {@code root} found wrong (duplicate keys, say); empty without root
   */
  public record Told(InventoryFormat format, dev.rollout.source.Node root,
      Problems read) {}

  /**
   * Tells the format as {@link #of} does, reading the text once with {@link
   * YamlLoader}: when it is Rollout's own, that tree is the one to load. Only a
   * text that reader refuses (a YAML alias, a syntax error) is read again here to be told.
   */
  public static Told tell(String file, String text) {
    Problems read = new Problems();
    if (file.endsWith(".ini")) {
      return new Told(ANSIBLE_INI, null, read);
    }
    dev.rollout.source.Node root = new YamlLoader(file, read).load(text);
    if (root instanceof MapNode m) {
      InventoryFormat f = ofMap(m);
      return f == ROLLOUT ? new Told(f, m, read) : new Told(f, null, new Problems());
    }
    InventoryFormat f = root == null ? of(file, text) : ofText(file, text);
    return new Told(f, null, new Problems());
  }

  /** {@link #ofMap(MappingNode)} over Rollout's own tree. */
  private static InventoryFormat ofMap(MapNode m) {
    Map<String, Entry> top = m.entries();
    if (top.containsKey("all")) {
      return ANSIBLE_YAML;
    }
    if (top.containsKey("defaults") || top.containsKey("groups")) {
      return ROLLOUT;
    }
    for (Entry e : top.values()) {
      if (!group(e.value())) {
        return ROLLOUT;
      }
    }
    return ANSIBLE_YAML;
  }

  private static boolean group(dev.rollout.source.Node n) {
    if (n instanceof Scalar s) {
      return s.type() == ScalarType.NULL;
    }
    if (n instanceof MapNode m) {
      return !m.entries().isEmpty() && GROUP_KEYS.containsAll(m.entries().keySet());
    }
    return false;
  }

  private static final Set<String> GROUP_KEYS = Set.of("hosts", "children", "vars");
  private static final Pattern SECTION = Pattern.compile("(?m)^\\s*\\[[^:\\]\\s]+(:\\w+)?\\]\\s*$");
  private static final Pattern YAML_KEY = Pattern.compile("[^\\s:#\\[][^:]*:(\\s.*)?");

  public static InventoryFormat of(String file, String text) {
    if (file.endsWith(".ini")) {
      return ANSIBLE_INI;
    }
    Node root = compose(text);
    if (root instanceof MappingNode m) {
      return ofMap(m);
    }
    return ofText(file, text);
  }

  /** Rules 6 and after: a text that is not a YAML map. */
  private static InventoryFormat ofText(String file, String text) {
    if (file.endsWith(".yml") || file.endsWith(".yaml") || file.endsWith(".json")) {
      return ROLLOUT;
    }
    if (SECTION.matcher(text).find()) {
      return ANSIBLE_INI;
    }
    String first = text.lines().map(String::strip)
        .filter(l -> !l.isEmpty() && !l.startsWith("#") && !l.startsWith(";") && !l.equals("---"))
        .findFirst().orElse("");
    return first.isEmpty() || YAML_KEY.matcher(first).matches() ? ROLLOUT : ANSIBLE_INI;
  }

  private static InventoryFormat ofMap(MappingNode m) {
    List<String> keys = m.getValue().stream().map(t -> t.getKeyNode() instanceof ScalarNode s
        ? s.getValue() : "").toList();
    if (keys.contains("all")) {
      return ANSIBLE_YAML;
    }
    if (keys.contains("defaults") || keys.contains("groups")) {
      return ROLLOUT;
    }
    for (NodeTuple t : m.getValue()) {
      if (!group(t.getValueNode())) {
        return ROLLOUT;
      }
    }
    return ANSIBLE_YAML;
  }

  private static boolean group(Node n) {
    if (n instanceof ScalarNode s) {
      return s.getTag().equals(Tag.NULL);
    }
    if (n instanceof MappingNode m) {
      return !m.getValue().isEmpty() && m.getValue().stream().allMatch(t ->
          t.getKeyNode() instanceof ScalarNode s && GROUP_KEYS.contains(s.getValue()));
    }
    return false;
  }

  private static Node compose(String text) {
    try {
      LoaderOptions o = new LoaderOptions();
      o.setMaxAliasesForCollections(50);
      return new Yaml(new SafeConstructor(o)).compose(new StringReader(text));
    } catch (RuntimeException e) {
      return null;
    }
  }

  public boolean ansible() {
    return this != ROLLOUT;
  }
}
