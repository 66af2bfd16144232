package dev.rollout.inventory;

import dev.rollout.source.Fields;
import dev.rollout.source.Node;
import dev.rollout.source.Problems;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** Reads {@code vars:} maps, in the inventory and in plans. */
public final class Vars {

  private Vars() {}

  /** Variables: plain text, or {@code {env: NAME}} for a secret read from the environment. */
  public static Map<String, Var> read(Node node, Problems problems, Function<String, String> env) {
    Map<String, Var> out = new LinkedHashMap<>();
    if (node == null) {
      return out;
    }
    if (!(node instanceof Node.MapNode m)) {
      problems.add(node, "vars must be a map of names to values, found " + node.kindName());
      return out;
    }
    for (Node.Entry e : m.entries().values()) {
      if (!e.key().matches("[A-Za-z_][A-Za-z0-9_-]*")) {
        problems.add(
            e.keyPosition(), m.path() + "." + e.key(), "invalid variable name \"" + e.key() + "\"",
            "use letters, digits, _ and -");
      }
      Var v = var(e.value(), problems, env);
      if (v != null) {
        out.put(e.key(), v);
      }
    }
    return out;
  }

  private static Var var(Node value, Problems problems, Function<String, String> env) {
    if (value instanceof Node.Scalar s) {
      return Var.plain(s.text());
    }
    if (!(value instanceof Node.MapNode)) {
      problems.add(value, "a variable must be text or {env: NAME}, found " + value.kindName(),
          "quote a value that is meant as text");
      return null;
    }
    Fields f = Fields.of(value, "a secret variable", Set.of("env"), problems);
    if (f == null) {
      return null;
    }
    f.require("env", "write {env: NAME} to take the value from the controller's environment");
    return f.string("env").map(name -> new Var(env.apply(name), name)).orElse(null);
  }
}
