package dev.rollout.transport.ssh.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One directive of an ssh_config file, split as readconf.c splits it: the keyword (lowercased,
 * separated from its arguments by whitespace or one {@code =}), the arguments as argv_split makes
 * them (quotes and backslash escapes removed, a {@code #} word ends the line), and the raw rest
 * of the line, which ProxyJump reads itself.
 */
record ConfigLine(String file, int number, String keyword, List<String> args, String rest) {

  private static final String SPACE = " \t\r\n\f";

  /** The directive on {@code text}, or null for a blank line or a comment. */
  static ConfigLine parse(String file, int number, String text) throws SshConfigException {
    String line = rtrim(text);
    int i = skip(line, 0);
    if (i == line.length() || line.charAt(i) == '#') {
      return null;
    }
    int k = i;
    while (k < line.length() && (SPACE + "\"=").indexOf(line.charAt(k)) < 0) {
      k++;
    }
    String keyword = line.substring(i, k).toLowerCase(Locale.ROOT);
    boolean equals = k < line.length() && line.charAt(k) == '=';
    int j = skip(line, Math.min(line.length(), k + 1));
    if (!equals && j < line.length() && line.charAt(j) == '=') {
      j = skip(line, j + 1);
    }
    if (k == line.length() || j >= line.length()) {
      throw new SshConfigException(file, number, "no argument after keyword \"" + keyword + "\"",
          "give the keyword its value, as in: " + keyword + " VALUE");
    }
    String rest = line.substring(j);
    return new ConfigLine(file, number, keyword, split(file, number, rest), rest);
  }

  /** The only argument; an error when there is none or more than one. */
  String single() throws SshConfigException {
    if (args.isEmpty() || args.get(0).isEmpty()) {
      throw error("missing argument for " + keyword, "give " + keyword + " a value");
    }
    if (args.size() > 1) {
      throw error("keyword " + keyword + " extra arguments at end of line",
          "quote a value that holds spaces");
    }
    return args.get(0);
  }

  SshConfigException error(String message, String hint) {
    return new SshConfigException(file, number, message, hint);
  }

  private static String rtrim(String s) {
    int end = s.length();
    while (end > 0 && SPACE.indexOf(s.charAt(end - 1)) >= 0) {
      end--;
    }
    return s.substring(0, end);
  }

  private static int skip(String s, int i) {
    while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
      i++;
    }
    return i;
  }

  /** misc.c argv_split with terminate_on_comment. */
  private static List<String> split(String file, int number, String s)
      throws SshConfigException {
    List<String> out = new ArrayList<>();
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == ' ' || c == '\t') {
        i++;
        continue;
      }
      if (c == '#') {
        break;
      }
      StringBuilder arg = new StringBuilder();
      char quote = 0;
      for (; i < s.length(); i++) {
        char ch = s.charAt(i);
        char next = i + 1 < s.length() ? s.charAt(i + 1) : 0;
        if (ch == '\\' && (next == '\'' || next == '"' || next == '\\'
            || quote == 0 && next == ' ')) {
          arg.append(next);
          i++;
        } else if (quote == 0 && (ch == ' ' || ch == '\t')) {
          break;
        } else if (quote == 0 && (ch == '"' || ch == '\'')) {
          quote = ch;
        } else if (quote != 0 && ch == quote) {
          quote = 0;
        } else {
          arg.append(ch);
        }
      }
      if (quote != 0) {
        throw new SshConfigException(file, number, "invalid quotes",
            "close the quote " + quote + " on this line");
      }
      out.add(arg.toString());
    }
    return List.copyOf(out);
  }
}
