package dev.rollout.transport.ssh.config;

import java.util.Locale;

/** OpenSSH's match.c: {@code *} and {@code ?} patterns, and comma lists with {@code !} negation. */
final class Patterns {

  private Patterns() {}

  /** match_pattern: the whole of {@code s} against {@code pattern}, case-sensitive. */
  static boolean match(String s, String pattern) {
    return match(s, 0, pattern, 0);
  }

  private static boolean match(String s, int si, String p, int pi) {
    while (pi < p.length()) {
      char c = p.charAt(pi);
      if (c == '*') {
        if (pi + 1 == p.length()) {
          return true;
        }
        for (int k = si; k <= s.length(); k++) {
          if (match(s, k, p, pi + 1)) {
            return true;
          }
        }
        return false;
      }
      if (si == s.length() || c != '?' && c != s.charAt(si)) {
        return false;
      }
      si++;
      pi++;
    }
    return si == s.length();
  }

  /**
   * match_pattern_list: 1 when a sub-pattern matches and no negated one does, -1 when a negated
   * one matches, else 0.
   */
  static int matchList(String s, String list, boolean lower) {
    boolean positive = false;
    for (String sub : list.split(",", -1)) {
      boolean negated = sub.startsWith("!");
      String p = negated ? sub.substring(1) : sub;
      if (lower) {
        p = p.toLowerCase(Locale.ROOT);
      }
      if (match(s, p)) {
        if (negated) {
          return -1;
        }
        positive = true;
      }
    }
    return positive ? 1 : 0;
  }

  /** match_hostname: the lowercased host name against a pattern list. */
  static boolean matchHost(String host, String list) {
    return matchList(host.toLowerCase(Locale.ROOT), list, true) == 1;
  }
}
