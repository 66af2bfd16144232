package dev.rollout.probe;

import java.util.ArrayList;
import java.util.List;

/**
 * What Rollout needs to know of PromQL's text: where its double-quoted strings are, and how a
 * value is written inside one. A value substituted into a query only ever goes inside a
 * double-quoted label value, escaped, so no host name or variable can end the string and add to
 * the query ({@code a"}or vector(1)#} stays one label value).
 */
public final class PromQl {

  private PromQl() {}

  /** {@code value} escaped for a PromQL double-quoted string: backslash, quote, line ends, tabs. */
  public static String labelValue(String value) {
    StringBuilder out = new StringBuilder(value.length() + 8);
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '"' -> out.append("\\\"");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            out.append(String.format("\\x%02x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }

  /** {@code value} as a literal in an RE2 regular expression (Prometheus's {@code =~}). */
  public static String regexQuote(String value) {
    StringBuilder out = new StringBuilder();
    for (char c : value.toCharArray()) {
      if ("\\.+*?()|[]{}^$".indexOf(c) >= 0) {
        out.append('\\');
      }
      out.append(c);
    }
    return out.toString();
  }

  /**
   * The offsets among {@code offsets} that are NOT inside a double-quoted string of {@code query}:
   * in a single-quoted or raw string, a comment, or bare query text, where a value could not be
   * escaped safely.
   */
  public static List<Integer> outsideDoubleQuotes(String query, List<Integer> offsets) {
    boolean[] inside = new boolean[query.length() + 1];
    char quote = 0;
    boolean comment = false;
    for (int i = 0; i < query.length(); i++) {
      char c = query.charAt(i);
      if (comment) {
        comment = c != '\n';
      } else if (quote != 0) {
        inside[i] = quote == '"';
        if (c == '\\' && quote != '`' && i + 1 < query.length()) {
          inside[++i] = quote == '"';
        } else if (c == quote) {
          inside[i] = false;
          quote = 0;
        }
      } else if (c == '"' || c == '\'' || c == '`') {
        quote = c;
      } else if (c == '#') {
        comment = true;
      }
    }
    List<Integer> out = new ArrayList<>();
    for (int o : offsets) {
      if (o < 0 || o >= query.length() || !inside[o]) {
        out.add(o);
      }
    }
    return out;
  }
}
