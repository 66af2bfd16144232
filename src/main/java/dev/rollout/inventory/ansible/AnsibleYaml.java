package dev.rollout.inventory.ansible;

import dev.rollout.source.Position;
import dev.rollout.source.Problems;
import java.io.StringReader;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * YAML as Ansible reads it (PyYAML, YAML 1.1: {@code yes} is true, {@code 0755} is octal), with
 * positions. SnakeYAML is a port of PyYAML and resolves scalars the same way. Ansible's
 * {@code !vault} values are refused, naming the variable; {@code !unsafe} is plain text.
 */
final class AnsibleYaml {

  private static final String VAULT = "!vault";
  private static final String UNSAFE = "!unsafe";

  /** PyYAML's float: a dot, and a sign in any exponent ({@code 1e3} is text there). */
  private static final Pattern PYYAML_FLOAT = Pattern.compile("[-+]?[0-9][0-9_]*\\.[0-9_]*"
      + "(?:[eE][-+][0-9]+)?|\\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?"
      + "|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\\.[0-9_]*|[-+]?\\.(?:inf|Inf|INF)|\\.(?:nan|NaN|NAN)");

  private final String file;
  private final Problems problems;
  private final Values values = new Values();

  AnsibleYaml(String file, Problems problems) {
    this.file = file;
    this.problems = problems;
  }

  /** The document's root, or null when empty or unreadable (reported). */
  Node load(String text) {
    LoaderOptions o = new LoaderOptions();
    o.setAllowDuplicateKeys(true);
    o.setMaxAliasesForCollections(50);
    try {
      return new Yaml(new SafeConstructor(o)).compose(new StringReader(text));
    } catch (MarkedYAMLException e) {
      Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      problems.add(m == null ? new Position(file, 1, 1) : position(m), "", "YAML syntax error: "
          + oneLine(e.getProblem() == null ? e.getMessage() : e.getProblem()), "");
    } catch (YAMLException e) {
      problems.add(new Position(file, 1, 1), "", "YAML error: " + oneLine(e.getMessage()), "");
    }
    return null;
  }

  /** A key's text; null (reported) when the key is not a scalar. */
  String key(Node key) {
    if (key instanceof ScalarNode s) {
      return s.getValue();
    }
    problems.add(at(key), "", "a key must be plain text, not a list or a map", "");
    return null;
  }

  /**
   * The variables of a map, each with its key's position; null (reported) when {@code node} is
   * not a map. A vault value is reported with its variable's name and left out.
   */
  Map<String, Value> vars(Node node, String what) {
    if (!(node instanceof MappingNode m)) {
      problems.add(at(node), "", what + " must be a map of variables, found " + kind(node), "");
      return null;
    }
    Map<String, Value> out = new LinkedHashMap<>();
    for (NodeTuple t : m.getValue()) {
      String key = key(t.getKeyNode());
      if (key == null) {
        continue;
      }
      if (key.equals("<<")) {
        Map<String, Value> merged = merge(t.getValueNode(), what);
        merged.forEach(out::putIfAbsent);
        continue;
      }
      Position at = at(t.getKeyNode());
      if (hasVault(t.getValueNode())) {
        Vault.refuse(key, at, problems);
        continue;
      }
      Object v = value(t.getValueNode(), key);
      if (v != Bad.VALUE) {
        out.put(key, new Value(v, at));
      }
    }
    return out;
  }

  private Map<String, Value> merge(Node n, String what) {
    Map<String, Value> out = new LinkedHashMap<>();
    List<Node> sources = n instanceof SequenceNode s ? s.getValue() : List.of(n);
    for (Node src : sources) {
      Map<String, Value> m = vars(src, "a merge key's value");
      if (m != null) {
        m.forEach(out::putIfAbsent);
      }
    }
    return out;
  }

  private enum Bad { VALUE }

  /** The typed value of a node. */
  Object value(Node n, String var) {
    String tag = n.getTag().getValue();
    if (n instanceof ScalarNode s) {
      if (tag.equals(UNSAFE) || tag.equals(Tag.STR.getValue())) {
        Vault.checkText(var, s.getValue(), at(n), problems);
        return s.getValue();
      }
      if (tag.startsWith("!")) {
        problems.add(at(n), "", "unknown YAML tag " + tag + " on variable \"" + var + "\"",
            "Ansible's own tags are !vault and !unsafe");
        return Bad.VALUE;
      }
      if (s.getTag().equals(Tag.FLOAT) && !PYYAML_FLOAT.matcher(s.getValue()).matches()) {
        return s.getValue();
      }
      Object v = values.scalar(s);
      return v == null ? null : normal(v, s);
    }
    if (n instanceof SequenceNode s) {
      List<Object> out = new ArrayList<>();
      for (Node item : s.getValue()) {
        Object v = value(item, var);
        out.add(v == Bad.VALUE ? null : v);
      }
      return out;
    }
    Map<String, Object> out = new LinkedHashMap<>();
    Map<String, Value> inner = vars(n, "variable \"" + var + "\"");
    if (inner != null) {
      inner.forEach((k, v) -> out.put(k, v.value()));
    }
    return out;
  }

  private static Object normal(Object v, ScalarNode s) {
    if (v instanceof Integer i) {
      return (long) i;
    }
    if (v instanceof BigInteger b) {
      return b.bitLength() < 64 ? (Object) b.longValue() : b;
    }
    if (v instanceof Long || v instanceof Double || v instanceof Boolean || v instanceof String) {
      return v;
    }
    return s.getValue();
  }

  /** Whether the node or anything in it carries the {@code !vault} tag or vault text. */
  boolean hasVault(Node n) {
    if (n.getTag().getValue().equals(VAULT)) {
      return true;
    }
    if (n instanceof ScalarNode s) {
      return Vault.encrypted(s.getValue()) && !n.getTag().getValue().equals(UNSAFE);
    }
    if (n instanceof SequenceNode s) {
      return s.getValue().stream().anyMatch(this::hasVault);
    }
    if (n instanceof MappingNode m) {
      return m.getValue().stream().anyMatch(t -> hasVault(t.getValueNode()));
    }
    return false;
  }

  Position at(Node n) {
    return position(n.getStartMark());
  }

  private Position position(Mark m) {
    return new Position(file, m.getLine() + 1, m.getColumn() + 1);
  }

  static String kind(Node n) {
    if (n instanceof MappingNode) {
      return "a map";
    }
    if (n instanceof SequenceNode) {
      return "a list";
    }
    return "\"" + ((ScalarNode) n).getValue() + "\"";
  }

  static boolean isNull(Node n) {
    return n == null || n instanceof ScalarNode s && s.getTag().equals(Tag.NULL);
  }

  private static String oneLine(String s) {
    return s == null ? "" : s.replaceAll("\\s+", " ").trim();
  }

  /** SnakeYAML's constructors for plain scalars, open to this class. */
  private static final class Values extends SafeConstructor {
    Values() {
      super(new LoaderOptions());
    }

    Object scalar(ScalarNode n) {
      return constructObject(n);
    }
  }
}
