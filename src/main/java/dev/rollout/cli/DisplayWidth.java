package dev.rollout.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * How many terminal columns text takes, and text cut or folded to a number of columns: what the
 * live view needs so that no line it draws ever wraps. The escapes of {@link Colors} take no
 * column; combining marks, variation selectors and other format characters none; East Asian wide
 * and fullwidth characters and emoji two, as glibc's {@code wcwidth} (and so tmux) counts them.
 * Everything else takes one (text reaching here went through {@code Visible}, so it holds no
 * other control character).
 */
final class DisplayWidth {

  /** Marks text cut short; one column wide. */
  static final String ELLIPSIS = "\u2026";
  private static final String RESET = "\u001b[0m";

  private DisplayWidth() {}

  static int of(String text) {
    int width = 0;
    for (int i = 0; i < text.length(); ) {
      int skip = escapeLength(text, i);
      if (skip > 0) {
        i += skip;
        continue;
      }
      int cp = text.codePointAt(i);
      width += columns(cp);
      i += Character.charCount(cp);
    }
    return width;
  }

  /**
   * {@code text} when it fits in {@code max} columns, else cut to {@code max - 1} columns and
   * ended with {@link #ELLIPSIS} (and a colour reset when it holds escapes).
   */
  static String fit(String text, int max) {
    if (of(text) <= max) {
      return text;
    }
    int end = cut(text, Math.max(0, max - 1));
    String cutText = text.substring(0, end) + (max > 0 ? ELLIPSIS : "");
    return text.indexOf('\u001b') >= 0 ? cutText + RESET : cutText;
  }

  /**
   * {@code text} in lines of at most {@code max} columns, broken at a space where one is near,
   * each line after the first indented by {@code indent} spaces. For plain text (no escapes).
   */
  static List<String> fold(String text, int max, int indent) {
    List<String> lines = new ArrayList<>();
    String rest = text;
    String pad = "";
    while (of(pad + rest) > max && max > indent + 1) {
      int end = cut(rest, max - pad.length());
      int space = rest.lastIndexOf(' ', end);
      if (space > end / 2) {
        end = space + 1;
      }
      lines.add(pad + rest.substring(0, end).stripTrailing());
      rest = rest.substring(end);
      pad = " ".repeat(indent);
    }
    lines.add(fit(pad + rest, max));
    return lines;
  }

  /** The index in {@code text} up to which it takes at most {@code max} columns. */
  private static int cut(String text, int max) {
    int width = 0;
    int i = 0;
    while (i < text.length()) {
      int skip = escapeLength(text, i);
      if (skip > 0) {
        i += skip;
        continue;
      }
      int cp = text.codePointAt(i);
      int w = columns(cp);
      if (width + w > max) {
        break;
      }
      width += w;
      i += Character.charCount(cp);
    }
    return i;
  }

  /** The length of the CSI escape ({@code ESC [ ... final}) at {@code i}, or 0. */
  private static int escapeLength(String text, int i) {
    if (text.charAt(i) != '\u001b' || i + 1 >= text.length() || text.charAt(i + 1) != '[') {
      return 0;
    }
    int j = i + 2;
    while (j < text.length() && (text.charAt(j) < 0x40 || text.charAt(j) > 0x7e)) {
      j++;
    }
    return Math.min(text.length(), j + 1) - i;
  }

  /** The columns one code point takes. */
  static int columns(int cp) {
    int type = Character.getType(cp);
    if (type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK
        || type == Character.FORMAT && cp != 0x00ad || cp >= 0x1160 && cp <= 0x11ff) {
      return 0;
    }
    return wide(cp) ? 2 : 1;
  }

  /** East Asian Wide and Fullwidth, and the emoji shown wide by default (Unicode 15). */
  private static boolean wide(int cp) {
    if (cp < 0x1100) {
      return false;
    }
    for (int i = 0; i < WIDE.length; i += 2) {
      if (cp < WIDE[i]) {
        return false;
      }
      if (cp <= WIDE[i + 1]) {
        return true;
      }
    }
    return false;
  }

  private static final int[] WIDE = {
    0x1100, 0x115f, 0x231a, 0x231b, 0x2329, 0x232a, 0x23e9, 0x23ec, 0x23f0, 0x23f0,
    0x23f3, 0x23f3, 0x25fd, 0x25fe, 0x2614, 0x2615, 0x2648, 0x2653, 0x267f, 0x267f,
    0x2693, 0x2693, 0x26a1, 0x26a1, 0x26aa, 0x26ab, 0x26bd, 0x26be, 0x26c4, 0x26c5,
    0x26ce, 0x26ce, 0x26d4, 0x26d4, 0x26ea, 0x26ea, 0x26f2, 0x26f3, 0x26f5, 0x26f5,
    0x26fa, 0x26fa, 0x26fd, 0x26fd, 0x2705, 0x2705, 0x270a, 0x270b, 0x2728, 0x2728,
    0x274c, 0x274c, 0x274e, 0x274e, 0x2753, 0x2755, 0x2757, 0x2757, 0x2795, 0x2797,
    0x27b0, 0x27b0, 0x27bf, 0x27bf, 0x2b1b, 0x2b1c, 0x2b50, 0x2b50, 0x2b55, 0x2b55,
    0x2e80, 0x303e, 0x3041, 0x33ff, 0x3400, 0x4dbf, 0x4e00, 0x9fff, 0xa000, 0xa4cf,
    0xa960, 0xa97f, 0xac00, 0xd7a3, 0xf900, 0xfaff, 0xfe10, 0xfe19, 0xfe30, 0xfe6f,
    0xff00, 0xff60, 0xffe0, 0xffe6, 0x16fe0, 0x16fe4, 0x17000, 0x18aff, 0x1b000, 0x1b2ff,
    0x1f004, 0x1f004, 0x1f0cf, 0x1f0cf, 0x1f18e, 0x1f18e, 0x1f191, 0x1f19a,
    0x1f200, 0x1f202, 0x1f210, 0x1f23b, 0x1f240, 0x1f248, 0x1f250, 0x1f251,
    0x1f260, 0x1f265, 0x1f300, 0x1f320, 0x1f32d, 0x1f335, 0x1f337, 0x1f37c,
    0x1f37e, 0x1f393, 0x1f3a0, 0x1f3ca, 0x1f3cf, 0x1f3d3, 0x1f3e0, 0x1f3f0,
    0x1f3f4, 0x1f3f4, 0x1f3f8, 0x1f43e, 0x1f440, 0x1f440, 0x1f442, 0x1f4fc,
    0x1f4ff, 0x1f53d, 0x1f54b, 0x1f54e, 0x1f550, 0x1f567, 0x1f57a, 0x1f57a,
    0x1f595, 0x1f596, 0x1f5a4, 0x1f5a4, 0x1f5fb, 0x1f64f, 0x1f680, 0x1f6c5,
    0x1f6cc, 0x1f6cc, 0x1f6d0, 0x1f6d2, 0x1f6d5, 0x1f6d7, 0x1f6dc, 0x1f6df,
    0x1f6eb, 0x1f6ec, 0x1f6f4, 0x1f6fc, 0x1f7e0, 0x1f7eb, 0x1f7f0, 0x1f7f0,
    0x1f90c, 0x1f93a, 0x1f93c, 0x1f945, 0x1f947, 0x1f9ff, 0x1fa70, 0x1faff,
    0x20000, 0x2fffd, 0x30000, 0x3fffd,
  };
}
