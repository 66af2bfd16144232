package dev.rollout.plan;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a shell command into its simple commands, each a list of words with quotes removed, for
 * the checks of {@link ShellPrograms}. Commands inside {@code $(...)}, backticks, {@code <(...)}
 * and unquoted here-document bodies are simple commands of their own. Redirections and their
 * targets, assignments before a command, reserved words ({@code if}, {@code then}, {@code !},
 * {@code {}, ...), {@code for} and {@code select} headers, {@code [[ ]]} and case patterns are
 * left out, so that the first word of a list is the program that runs.
 *
 * <p>It never fails: text that is not valid shell still yields words, and the checks built on it
 * err toward refusing.
 */
final class ShellWords {

  /**
   * One word.
   *
   * @param offset where it starts in the command
   * @param end the offset just past it
   * @param bare its text with quotes and escapes removed (expansions kept as written)
   * @param expands whether it holds an expansion outside single quotes: a parameter, a command
   *     substitution, arithmetic, or one of Rollout's references
   */
  record Word(int offset, int end, String bare, boolean expands) {}

  /** Marks a Rollout reference in the text given to {@link #commands}. */
  static final char REF = '\u0001';

  private enum CaseState { HEAD, PATTERN, BODY }

  private record Heredoc(String delimiter, boolean strip, boolean quoted) {}

  private final String t;
  private final List<List<Word>> out = new ArrayList<>();
  private int i;

  private ShellWords(String text) {
    this.t = text;
  }

  /**
   * The simple commands of {@code text}, in which each Rollout reference is replaced by {@link
   * #REF} characters.
   */
  static List<List<Word>> commands(String text) {
    ShellWords w = new ShellWords(text);
    while (w.i < text.length()) {
      w.list((char) 0);
    }
    return w.out;
  }

  private char at(int k) {
    return k < t.length() ? t.charAt(k) : 0;
  }

  /** Reads commands up to {@code closer} (consumed) or the end of the text. */
  private void list(char closer) {
    char outer = this.closer;
    this.closer = closer;
    try {
      commandsUpTo(closer);
    } finally {
      this.closer = outer;
    }
  }

  private void commandsUpTo(char closer) {
    List<Word> cur = new ArrayList<>();
    List<CaseState> cases = new ArrayList<>();
    List<Heredoc> pending = new ArrayList<>();
    String skipTo = null; // "]]" inside [[ ]], ";" in a for header, "name" after function
    while (i < t.length()) {
      char c = t.charAt(i);
      CaseState top = cases.isEmpty() ? null : cases.get(cases.size() - 1);
      if (c == ')' && top == CaseState.PATTERN) {
        cases.set(cases.size() - 1, CaseState.BODY);
        i++;
        continue;
      }
      if (c == closer && closer != 0) {
        i++;
        flush(cur);
        return;
      }
      switch (c) {
        case ' ', '\t', '\r' -> i++;
        case '\n' -> {
          i++;
          cur = flush(cur);
          if (";".equals(skipTo)) {
            skipTo = null;
          }
          heredocBodies(pending);
          pending.clear();
        }
        case ';', '&', '|' -> {
          int start = i;
          while (i < t.length() && ";&|".indexOf(t.charAt(i)) >= 0 && i - start < 3) {
            i++;
          }
          String op = t.substring(start, i);
          cur = flush(cur);
          if (";".equals(skipTo)) {
            skipTo = null;
          }
          if (op.startsWith(";;") || op.equals(";&")) {
            if (top == CaseState.BODY) {
              cases.set(cases.size() - 1, CaseState.PATTERN);
            }
          }
        }
        case '(' -> {
          if (top == CaseState.PATTERN) {
            i++;
          } else if (cur.isEmpty() && at(i + 1) == '(') {
            i = balanced(i); // (( )): refused by the arithmetic rule when values are around
          } else {
            cur = flush(cur);
            i++;
            list(')');
          }
        }
        case ')' -> {
          cur = flush(cur); // a stray ")"
          i++;
        }
        case '<', '>' -> {
          if (at(i + 1) == '(') {
            skipTo = word(cur, cases, skipTo);
          } else {
            redirect(pending);
          }
        }
        case '#' -> {
          while (i < t.length() && t.charAt(i) != '\n') {
            i++;
          }
        }
        default -> {
          if (c == '\\' && at(i + 1) == '\n') {
            i += 2;
          } else {
            skipTo = word(cur, cases, skipTo);
          }
        }
      }
    }
    flush(cur);
  }

  /** Reads a word and places it: in the command, or dropped as a pattern, a header, a keyword. */
  private String word(List<Word> cur, List<CaseState> cases, String skipTo) {
    Word w = read();
    if (w == null) {
      i++; // a character no word starts with: step over it
      return skipTo;
    }
    if ((at(i) == '<' || at(i) == '>') && w.bare().matches("[0-9]+") && !w.expands()) {
      return skipTo; // a file descriptor before a redirection
    }
    CaseState top = cases.isEmpty() ? null : cases.get(cases.size() - 1);
    String b = w.bare();
    if (skipTo != null) {
      return skipTo.equals("name") || skipTo.equals(b) ? null : skipTo;
    }
    if (top == CaseState.HEAD) {
      if (b.equals("in")) {
        cases.set(cases.size() - 1, CaseState.PATTERN);
      }
      return null;
    }
    if (top == CaseState.PATTERN) {
      if (b.equals("esac") && !w.expands()) {
        cases.remove(cases.size() - 1);
      }
      return null;
    }
    if (cur.isEmpty() && !w.expands()) {
      switch (b) {
        case "if", "then", "else", "elif", "fi", "do", "done", "while", "until", "!", "{", "}",
            "coproc" -> {
          return null;
        }
        case "case" -> {
          cases.add(CaseState.HEAD);
          return null;
        }
        case "esac" -> {
          if (!cases.isEmpty()) {
            cases.remove(cases.size() - 1);
          }
          return null;
        }
        case "for", "select" -> {
          return ";";
        }
        case "[[" -> {
          return "]]";
        }
        case "function" -> {
          return "name";
        }
        default -> {
          // an ordinary word
        }
      }
    }
    cur.add(w);
    return null;
  }

  private List<Word> flush(List<Word> cur) {
    if (!cur.isEmpty()) {
      out.add(cur);
      return new ArrayList<>();
    }
    return cur;
  }

  /** A redirection: its target is read and dropped; a here-document's delimiter is noted. */
  private void redirect(List<Heredoc> pending) {
    int opStart = i;
    while (i < t.length() && "<>&|-".indexOf(t.charAt(i)) >= 0 && i - opStart < 3) {
      i++;
    }
    String op = t.substring(opStart, i);
    boolean heredoc = op.startsWith("<<") && !op.startsWith("<<<");
    while (at(i) == ' ' || at(i) == '\t') {
      i++;
    }
    int start = i;
    Word target = read();
    if (heredoc && target != null) {
      boolean quoted = t.substring(start, i).matches("(?s).*['\"\\\\].*");
      pending.add(new Heredoc(target.bare(), op.startsWith("<<-"), quoted));
    }
  }

  /** Skips here-document bodies; command substitutions in unquoted ones are read. */
  private void heredocBodies(List<Heredoc> pending) {
    for (Heredoc h : pending) {
      while (i < t.length()) {
        int nl = t.indexOf('\n', i);
        int end = nl < 0 ? t.length() : nl;
        String line = t.substring(i, end);
        if ((h.strip() ? line.replaceFirst("^\t+", "") : line).equals(h.delimiter())) {
          i = nl < 0 ? t.length() : nl + 1;
          break;
        }
        if (h.quoted()) {
          i = nl < 0 ? t.length() : nl + 1;
          continue;
        }
        while (i < end) {
          char c = t.charAt(i);
          if (c == '\\') {
            i += 2;
          } else if (c == '$' || c == '`') {
            expansion(new StringBuilder());
          } else {
            i++;
          }
        }
        if (i == end) {
          i = nl < 0 ? t.length() : nl + 1;
        }
      }
    }
  }

  /** Reads one word from {@code i}; null when there is none here. */
  private Word read() {
    int start = i;
    StringBuilder b = new StringBuilder();
    boolean expands = false;
    while (i < t.length()) {
      char c = t.charAt(i);
      if (" \t\r\n;&|)".indexOf(c) >= 0) {
        break;
      }
      if ((c == '<' || c == '>') && at(i + 1) == '(') {
        b.append(c).append('(');
        i += 2;
        list(')');
        b.append(')');
        expands = true;
      } else if (c == '<' || c == '>') {
        break;
      } else if (c == '(') {
        if (b.toString().matches("[A-Za-z_][A-Za-z0-9_]*(\\[.*])?\\+?=")) {
          int end = balanced(i);
          b.append(t, i, end);
          expands |= t.substring(i, end).matches("(?s).*[$`\u0001].*");
          i = end;
        } else {
          break;
        }
      } else if (c == '`' && closer == '`') {
        break;
      } else if (c == '\'') {
        int close = t.indexOf('\'', i + 1);
        int end = close < 0 ? t.length() : close;
        b.append(t, i + 1, end);
        i = close < 0 ? t.length() : close + 1;
      } else if (c == '"') {
        i++;
        expands |= doubleQuoted(b);
      } else if (c == '\\') {
        if (at(i + 1) != '\n' && i + 1 < t.length()) {
          b.append(t.charAt(i + 1));
        }
        i += 2;
      } else if (c == '$' || c == '`') {
        expands |= expansion(b);
      } else if (c == REF) {
        b.append(c);
        expands = true;
        i++;
      } else {
        b.append(c);
        i++;
      }
    }
    i = Math.min(i, t.length());
    return i == start ? null : new Word(start, i, b.toString(), expands);
  }

  /** What ends the list being read: ')', '`', or 0 for the end of the text. */
  private char closer;

  /** Inside double quotes, after the opening quote, up to and past the closing one. */
  private boolean doubleQuoted(StringBuilder b) {
    boolean expands = false;
    while (i < t.length()) {
      char c = t.charAt(i);
      if (c == '"') {
        i++;
        return expands;
      } else if (c == '\\') {
        char n = at(i + 1);
        if ("$`\"\\".indexOf(n) < 0 || n == 0) {
          b.append(c);
        }
        if (n != '\n' && n != 0) {
          b.append(n);
        }
        i += 2;
      } else if (c == '$' || c == '`') {
        expands |= expansion(b);
      } else {
        expands |= c == REF;
        b.append(c);
        i++;
      }
    }
    return expands;
  }

  /**
   * An expansion at {@code i} ({@code $...} or a backtick), appended as written; inner commands
   * are read as commands of their own. Whether it really expands.
   */
  private boolean expansion(StringBuilder b) {
    int start = i;
    char c = t.charAt(i);
    char n = at(i + 1);
    if (c == '`') {
      i++;
      list('`');
    } else if (n == '(' && at(i + 2) == '(') {
      i = balanced(i + 1);
    } else if (n == '(') {
      i += 2;
      list(')');
    } else if (n == '{') {
      i += 2;
      parameter();
    } else if (n == '\'') {
      int k = i + 2;
      while (k < t.length() && t.charAt(k) != '\'') {
        k += t.charAt(k) == '\\' ? 2 : 1;
      }
      b.append(t, i + 2, Math.min(k, t.length()));
      i = Math.min(k + 1, t.length());
      return false;
    } else if (n == '[') {
      int close = t.indexOf(']', i);
      i = close < 0 ? t.length() : close + 1;
    } else if (Character.isLetterOrDigit(n) || n == '_') {
      i++;
      while (i < t.length() && (Character.isLetterOrDigit(t.charAt(i)) || t.charAt(i) == '_')) {
        i++;
      }
    } else if ("@*#?$!-".indexOf(n) >= 0 && n != 0) {
      i += 2;
    } else {
      b.append('$');
      i++;
      return false;
    }
    i = Math.max(Math.min(i, t.length()), start + 1);
    b.append(t, start, i);
    return true;
  }

  /** Inside {@code ${...}}, after the opening, up to and past the closing brace. */
  private void parameter() {
    int depth = 1;
    while (i < t.length()) {
      char c = t.charAt(i);
      if (c == '}') {
        i++;
        if (--depth == 0) {
          return;
        }
      } else if (c == '{') {
        depth++;
        i++;
      } else if (c == '\\') {
        i += 2;
      } else if (c == '\'') {
        int close = t.indexOf('\'', i + 1);
        i = close < 0 ? t.length() : close + 1;
      } else if (c == '"') {
        i++;
        doubleQuoted(new StringBuilder());
      } else if (c == '$' || c == '`') {
        expansion(new StringBuilder());
      } else {
        i++;
      }
    }
  }

  /** The offset past the parenthesis that closes the one at {@code from}. */
  private int balanced(int from) {
    int depth = 0;
    int k = from;
    while (k < t.length()) {
      char c = t.charAt(k);
      if (c == '(') {
        depth++;
      } else if (c == ')' && --depth == 0) {
        return k + 1;
      } else if (c == '\\') {
        k++;
      }
      k++;
    }
    return t.length();
  }
}
