package dev.rollout.report;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Text from the journal (hostile: host names, outputs, reasons) made inert in Markdown: no
 * markup, no HTML, and no link of any kind, so a report links to nothing external. Characters
 * that Markdown reads are escaped; what a renderer would turn into a link by itself (a URL, a
 * {@code www.} name, an e-mail address) is put in a code span, where nothing is linked.
 */
final class MarkdownText {

  private static final Pattern LINKABLE = Pattern.compile(
      "(?i)(?:[a-z][a-z0-9+.-]*://|www\\.)\\S*|[^\\s@]+@[^\\s@]+\\.[^\\s@]+|\\S*(?:://|www\\.)\\S*");
  private static final String SPECIAL = "\\`*_[]!|~";

  private MarkdownText() {}

  /** {@code s} as inline Markdown that shows exactly {@code s}, on one line. */
  static String inline(String s) {
    if (s == null) {
      return "";
    }
    String one = s.replace("\r", " ").replace("\n", " ");
    StringBuilder b = new StringBuilder();
    Matcher m = LINKABLE.matcher(one);
    int at = 0;
    while (m.find()) {
      b.append(escape(one.substring(at, m.start()))).append(code(m.group()));
      at = m.end();
    }
    return b.append(escape(one.substring(at))).toString();
  }

  /** A fence for {@code text} that no run of backticks in it can close. */
  static String fence(String text) {
    return "`".repeat(Math.max(3, longestRun(text, '`') + 1));
  }

  private static String escape(String s) {
    StringBuilder b = new StringBuilder(s.length() + 8);
    for (char c : s.toCharArray()) {
      if (c == '<') {
        b.append("&lt;"); // without a '<' no tag opens; a '>' mid-line is only text
      } else if (c == '&') {
        b.append("&amp;");
      } else {
        b.append(SPECIAL.indexOf(c) >= 0 ? "\\" : "").append(c);
      }
    }
    return b.toString();
  }

  /** A code span around {@code s}: a table cell's pipes stay escaped, as GFM asks. */
  private static String code(String s) {
    String ticks = "`".repeat(longestRun(s, '`') + 1);
    String body = s.replace("|", "\\|");
    return ticks + " " + body + " " + ticks;
  }

  private static int longestRun(String s, char c) {
    int best = 0;
    int run = 0;
    for (int i = 0; i < s.length(); i++) {
      run = s.charAt(i) == c ? run + 1 : 0;
      best = Math.max(best, run);
    }
    return best;
  }
}
