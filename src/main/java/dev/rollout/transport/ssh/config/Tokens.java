package dev.rollout.transport.ssh.config;

import java.util.Map;
import java.util.function.Function;

/** OpenSSH's percent_expand and dollar_expand, and tilde_expand_filename for {@code ~/}. */
public final class Tokens {

  private Tokens() {}

  /**
   * {@code value} with each {@code %X} of {@code tokens} replaced and {@code %%} made {@code %};
   * another {@code %X} is an error, as it is for OpenSSH.
   */
  public static String expand(String value, Map<Character, String> tokens, String file,
      int line, String keyword) throws SshConfigException {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c != '%') {
        out.append(c);
        continue;
      }
      if (i + 1 == value.length()) {
        throw new SshConfigException(file, line, keyword + " \"" + value
            + "\" ends with a lone %", "write %% for a literal %");
      }
      char k = value.charAt(++i);
      if (k == '%') {
        out.append('%');
      } else if (tokens.containsKey(k)) {
        out.append(tokens.get(k));
      } else {
        throw new SshConfigException(file, line, keyword + " \"" + value + "\": %" + k
            + " is not a token Rollout expands here", "tokens: %" + String.join(" %",
                tokens.keySet().stream().map(String::valueOf).sorted().toList()) + " and %%");
      }
    }
    return out.toString();
  }

  /** {@code ${NAME}} replaced by the environment variable; an unset one is an error. */
  public static String dollars(String value, Function<String, String> env, String file,
      int line, String keyword) throws SshConfigException {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < value.length()) {
      int at = value.indexOf("${", i);
      if (at < 0) {
        out.append(value, i, value.length());
        break;
      }
      int end = value.indexOf('}', at);
      if (end < 0) {
        throw new SshConfigException(file, line, keyword + " \"" + value
            + "\": ${ without }", "write ${NAME}");
      }
      String name = value.substring(at + 2, end);
      String v = env.apply(name);
      if (v == null) {
        throw new SshConfigException(file, line, keyword + " \"" + value
            + "\": environment variable " + name + " is not set", "set it, or name the file");
      }
      out.append(value, i, at).append(v);
      i = end + 1;
    }
    return out.toString();
  }

  /** A leading {@code ~} or {@code ~/} made the home directory. */
  public static String tilde(String value, String home) {
    if (value.equals("~")) {
      return home;
    }
    if (value.startsWith("~/")) {
      return home + value.substring(1);
    }
    return value;
  }
}
