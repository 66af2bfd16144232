package dev.rollout.source;

/**
 * Text from a plan, an inventory, a step's output or a remote host, made safe to show on a
 * terminal, in a report or in a chat message: every control character is written out as an
 * escape an operator can read, so that a value can neither clear the screen, set the window title,
 * move the cursor, fake output lines, nor reorder what is shown with a bidirectional override.
 *
 * <p>Made visible: C0 controls ({@code \x00} to {@code \x1f}, so ESC is {@code \x1b} and BEL is
 * {@code \x07}), DEL ({@code \x7f}), C1 controls ({@code \x80} to {@code \x9f}), and the bidi
 * embeddings, overrides and isolates U+202A to U+202E and U+2066 to U+2069 (as {@code \u202e}).
 * A backslash is left as it is: commands are full of them, and an escape made here is told from
 * literal text by the context it stands in. JSON output keeps the raw text, which JSON escapes.
 */
public final class Visible {

  private Visible() {}

  /** For one line (a name, a reason, an event): line breaks and tabs are made visible too. */
  public static String line(String text) {
    return escape(text, false);
  }

  /** For text whose line breaks are meant (a command, a step's output): keeps {@code \n}, tab. */
  public static String text(String text) {
    return escape(text, true);
  }

  private static String escape(String text, boolean breaks) {
    if (text == null) {
      return null;
    }
    int first = firstHidden(text, breaks);
    if (first < 0) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length() + 8).append(text, 0, first);
    for (int i = first; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!hidden(c, breaks)) {
        out.append(c);
      } else if (c < 0x100) {
        out.append(String.format("\\x%02x", (int) c));
      } else {
        out.append(String.format("\\u%04x", (int) c));
      }
    }
    return out.toString();
  }

  private static int firstHidden(String text, boolean breaks) {
    for (int i = 0; i < text.length(); i++) {
      if (hidden(text.charAt(i), breaks)) {
        return i;
      }
    }
    return -1;
  }

  /** Whether a character acts on the terminal or the text's direction instead of showing. */
  static boolean hidden(char c, boolean breaks) {
    if (c == '\n' || c == '\t') {
      return !breaks;
    }
    return c < 0x20 || c >= 0x7f && c <= 0x9f || c >= 0x202a && c <= 0x202e
        || c >= 0x2066 && c <= 0x2069;
  }
}
