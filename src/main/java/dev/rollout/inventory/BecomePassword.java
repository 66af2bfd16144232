package dev.rollout.inventory;

import dev.rollout.source.Fields;
import dev.rollout.source.Node;
import dev.rollout.source.Problems;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads {@code becomePasswordEnv: NAME}: sudo's password comes from the controller's environment
 * variable NAME when Rollout runs, never from a file. The value is a secret ({@link Var} with its
 * variable's name). A variable that is not set, or holds more than one line, is a problem at the
 * key's position, so validate and plan refuse it before anything connects.
 */
final class BecomePassword {

  static final String KEY = "becomePasswordEnv";

  private BecomePassword() {}

  /** The password as a secret, or null when the key is absent or wrong (reported). */
  static Var read(Fields f, Problems problems, Function<String, String> env) {
    Optional<String> name = f.string(KEY);
    if (name.isEmpty()) {
      return null;
    }
    Node at = f.get(KEY);
    String n = name.get();
    if (!n.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      problems.add(at, KEY + " \"" + n + "\" is not the name of an environment variable",
          "give the NAME of a variable that holds the password, such as SUDO_PASSWORD;"
              + " never the password itself");
      return null;
    }
    return fromEnv(n, KEY, at.position(), at.path(), problems, env);
  }

  /**
   * sudo's password from the environment variable {@code name}, which {@code key} (at {@code
   * at}, {@code path}) names: a secret; null when it is not set, empty or more than one line
   * (reported there).
   */
  static Var fromEnv(String name, String key, dev.rollout.source.Position at, String path,
      Problems problems, Function<String, String> env) {
    String value = env.apply(name);
    if (value == null || value.isEmpty()) {
      problems.add(at, path, "the environment variable " + name + " is " + (value == null
          ? "not set" : "empty") + ", and " + key + " takes sudo's password from it",
          "export " + name + " with the sudo password before running rollout; it is read from"
              + " the environment only, never from a file");
      return null;
    }
    if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
      problems.add(at, path, "the environment variable " + name + " holds more than one line, "
          + "and " + key + " takes sudo's password from it", "sudo reads the password as one "
          + "line; the value is not shown");
      return null;
    }
    return new Var(value, name);
  }
}
