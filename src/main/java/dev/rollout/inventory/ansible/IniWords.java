package dev.rollout.inventory.ansible;

import java.util.ArrayList;
import java.util.List;

/**
 * Python's {@code shlex.split(line, comments=True)}, which Ansible uses for INI host lines: words
 * split on blanks, quotes removed, a backslash escaping the next character (inside double quotes
 * only a quote or a backslash), and a {@code #} outside quotes ending the line.
 */
final class IniWords {

  /** The line has an unclosed quote or ends in a backslash. */
  static final class Unclosed extends Exception {
    Unclosed(String message) {
      super(message);
    }
  }

  private IniWords() {}

  static List<String> split(String line) throws Unclosed {
    List<String> words = new ArrayList<>();
    StringBuilder w = new StringBuilder();
    boolean inWord = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '#') {
        break;
      } else if (Character.isWhitespace(c)) {
        if (inWord) {
          words.add(w.toString());
          w.setLength(0);
          inWord = false;
        }
      } else if (c == '\'' || c == '"') {
        int close = quoted(line, i, w);
        i = close;
        inWord = true;
      } else if (c == '\\') {
        if (i + 1 >= line.length()) {
          throw new Unclosed("no escaped character");
        }
        w.append(line.charAt(++i));
        inWord = true;
      } else {
        w.append(c);
        inWord = true;
      }
    }
    if (inWord) {
      words.add(w.toString());
    }
    return words;
  }

  private static int quoted(String line, int open, StringBuilder w) throws Unclosed {
    char q = line.charAt(open);
    for (int i = open + 1; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == q) {
        return i;
      }
      if (q == '"' && c == '\\' && i + 1 < line.length()
          && (line.charAt(i + 1) == '"' || line.charAt(i + 1) == '\\')) {
        c = line.charAt(++i);
      }
      w.append(c);
    }
    throw new Unclosed("no closing quotation");
  }
}
