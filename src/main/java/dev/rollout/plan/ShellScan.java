package dev.rollout.plan;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Tells, for each Rollout reference in a shell command, whether the shell reads it bare, inside
 * double quotes, or where it would not expand at all. Only the rendering's fidelity depends on
 * this scan, never its safety: every value reaches the shell as a variable reference, which
 * expands to data wherever it stands, so a misreading can at worst split a value into words or
 * leave the reference literal. The positions where a shell evaluates a value as code are refused by
 * {@link ShellSafety}, which does not rely on this scan.
 */
final class ShellScan {

  /** How the shell reads the text at a reference. */
  enum Context {
    /** Outside quotes (a command's words, a here-string, a case pattern). */
    BARE,
    /** Inside double quotes or the body of a here-document whose delimiter is not quoted. */
    QUOTED,
    /** Inside single quotes, {@code $'...'} or a quoted here-document: no expansion at all. */
    LITERAL,
    /** Inside a comment: not run. */
    COMMENT,
    /** Where a command's name stands: the value would choose the program that runs. */
    COMMAND
  }

  private enum Kind { CMD, DQ, PARAM, SQ, ANSI, COMMENT, HEREDOC }

  private static final class Frame {
    final Kind kind;
    final char closer;
    int parens;
    int cases;
    boolean wordStart = true;
    boolean commandStart = true;
    final List<Heredoc> pending = new ArrayList<>();
    Heredoc heredoc;

    Frame(Kind kind, char closer) {
      this.kind = kind;
      this.closer = closer;
    }
  }

  /** Words after which the next word still names the command: assignments, keywords, prefixes. */
  private static final Pattern KEEPS_COMMAND_START = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*\\+?="
      + "|(?:then|do|else|elif|if|while|until|!|\\{|time|exec|command|builtin|sudo|env|nohup"
      + "|nice|xargs)(?=[ \t\n]|$)");

  private record Heredoc(String delimiter, boolean stripTabs, boolean quoted) {}

  private final String text;
  private final Map<Integer, Integer> refEnds = new HashMap<>();
  private final Map<Integer, Context> found = new HashMap<>();
  private final Deque<Frame> stack = new ArrayDeque<>();
  private int i;

  private ShellScan(String text, List<Template.Span> refs) {
    this.text = text;
    refs.forEach(s -> refEnds.put(s.ref().offset(), s.end()));
  }

  /** The context of each reference, by offset; a reference the scan could not place is LITERAL. */
  static Map<Integer, Context> contexts(String text, List<Template.Span> refs) {
    ShellScan s = new ShellScan(text, refs);
    s.scan();
    Map<Integer, Context> out = new HashMap<>();
    for (Template.Span r : refs) {
      out.put(r.ref().offset(), s.found.getOrDefault(r.ref().offset(), Context.LITERAL));
    }
    return out;
  }

  private void scan() {
    stack.push(new Frame(Kind.CMD, (char) 0));
    while (i < text.length()) {
      Integer end = refEnds.get(i);
      if (end != null) {
        Frame f = stack.peek();
        boolean command = f.kind == Kind.CMD && f.wordStart && f.commandStart;
        found.put(i, command ? Context.COMMAND : context());
        i = end;
        f.wordStart = false;
        f.commandStart &= f.kind != Kind.CMD;
        continue;
      }
      Frame f = stack.peek();
      switch (f.kind) {
        case SQ -> single(f, false);
        case ANSI -> single(f, true);
        case COMMENT -> comment();
        case DQ -> doubleQuoted();
        case PARAM -> parameter();
        case HEREDOC -> heredoc(f);
        case CMD -> command(f);
        default -> throw new IllegalStateException();
      }
    }
  }

  private Context context() {
    for (Frame f : stack) {
      switch (f.kind) {
        case SQ, ANSI:
          return Context.LITERAL;
        case COMMENT:
          return Context.COMMENT;
        case HEREDOC:
          return f.heredoc.quoted() ? Context.LITERAL : Context.QUOTED;
        case DQ:
          return Context.QUOTED;
        case CMD:
          return Context.BARE;
        default:
          break; // a ${...} takes the quoting of what encloses it
      }
    }
    return Context.BARE;
  }

  private char at(int k) {
    return k < text.length() ? text.charAt(k) : 0;
  }

  private void single(Frame f, boolean ansi) {
    char c = text.charAt(i);
    if (ansi && c == '\\') {
      i += 2;
      return;
    }
    i++;
    if (c == '\'') {
      stack.pop();
    }
  }

  private void comment() {
    if (text.charAt(i) == '\n') {
      stack.pop();
    } else {
      i++;
    }
  }

  private void doubleQuoted() {
    char c = text.charAt(i);
    switch (c) {
      case '\\' -> i += 2;
      case '"' -> {
        stack.pop();
        i++;
      }
      case '$' -> dollar();
      case '`' -> open(Kind.CMD, '`', 1);
      default -> i++;
    }
  }

  private void parameter() {
    char c = text.charAt(i);
    switch (c) {
      case '\\' -> i += 2;
      case '}' -> {
        stack.pop();
        i++;
      }
      case '\'' -> open(Kind.SQ, '\'', 1);
      case '"' -> open(Kind.DQ, '"', 1);
      case '$' -> dollar();
      case '`' -> open(Kind.CMD, '`', 1);
      default -> i++;
    }
  }

  private void heredoc(Frame f) {
    if (i == 0 || text.charAt(i - 1) == '\n') {
      int nl = text.indexOf('\n', i);
      int lineEnd = nl < 0 ? text.length() : nl;
      String line = text.substring(i, lineEnd);
      if ((f.heredoc.stripTabs() ? line.replaceFirst("^\t+", "") : line)
          .equals(f.heredoc.delimiter())) {
        stack.pop();
        i = nl < 0 ? text.length() : nl + 1;
        return;
      }
    }
    char c = text.charAt(i);
    if (f.heredoc.quoted()) {
      i++;
    } else if (c == '\\') {
      i += 2;
    } else if (c == '$') {
      dollar();
    } else if (c == '`') {
      open(Kind.CMD, '`', 1);
    } else {
      i++;
    }
  }

  private void command(Frame f) {
    char c = text.charAt(i);
    boolean start = f.wordStart;
    f.wordStart = false;
    if (start && " \t\n;&|()<>#".indexOf(c) < 0) {
      f.commandStart &= KEEPS_COMMAND_START.matcher(text).region(i, text.length()).lookingAt();
    }
    switch (c) {
      case '\\' -> i += 2;
      case '\'' -> open(Kind.SQ, '\'', 1);
      case '"' -> open(Kind.DQ, '"', 1);
      case '$' -> dollar();
      case '`' -> {
        if (f.closer == '`') {
          close();
        } else {
          open(Kind.CMD, '`', 1);
        }
      }
      case '#' -> {
        if (start) {
          open(Kind.COMMENT, '\n', 1);
        } else {
          i++;
        }
      }
      case '\n' -> newline(f);
      case '(' -> {
        f.parens++;
        f.commandStart = at(i + 1) != '(' && (i == 0 || text.charAt(i - 1) != '('); // not (( ))
        separator(f);
      }
      case ')' -> closeParen(f);
      case '<' -> redirect(f);
      case ';', '&', '|' -> {
        f.commandStart = true;
        separator(f);
      }
      case ' ', '\t', '>' -> separator(f);
      default -> word(f, start);
    }
  }

  private void separator(Frame f) {
    f.wordStart = true;
    i++;
  }

  private void newline(Frame f) {
    f.commandStart = true;
    separator(f);
    for (int k = f.pending.size() - 1; k >= 0; k--) {
      Frame h = new Frame(Kind.HEREDOC, (char) 0);
      h.heredoc = f.pending.get(k);
      stack.push(h);
    }
    f.pending.clear();
  }

  private void closeParen(Frame f) {
    if (f.parens > 0) {
      f.parens--;
      separator(f);
    } else if (f.cases > 0) {
      separator(f); // the end of a case pattern
    } else if (f.closer == ')') {
      close();
    } else {
      separator(f);
    }
  }

  private void word(Frame f, boolean start) {
    int e = i;
    while (e < text.length() && Character.isLetter(text.charAt(e))) {
      e++;
    }
    if (e == i) {
      i++;
      return;
    }
    String w = text.substring(i, e);
    boolean alone = " \t\n;&|()<>".indexOf(at(e)) >= 0 || e == text.length();
    if (start && alone && w.equals("case")) {
      f.cases++;
    } else if (start && alone && w.equals("esac") && f.cases > 0) {
      f.cases--;
    }
    i = e;
  }

  private void redirect(Frame f) {
    if (at(i + 1) != '<' || at(i + 2) == '<') {
      i += at(i + 1) == '<' ? 3 : 1;
      f.wordStart = true;
      return;
    }
    i += 2;
    boolean strip = at(i) == '-';
    if (strip) {
      i++;
    }
    while (at(i) == ' ' || at(i) == '\t') {
      i++;
    }
    StringBuilder delim = new StringBuilder();
    boolean quoted = false;
    while (i < text.length() && " \t\n;&|<>()".indexOf(text.charAt(i)) < 0) {
      char c = text.charAt(i);
      if (c == '\'' || c == '"') {
        quoted = true;
        int close = text.indexOf(c, i + 1);
        int stop = close < 0 ? text.length() : close;
        delim.append(text, i + 1, stop);
        i = close < 0 ? text.length() : close + 1;
      } else if (c == '\\') {
        quoted = true;
        delim.append(at(i + 1));
        i += 2;
      } else {
        delim.append(c);
        i++;
      }
    }
    f.pending.add(new Heredoc(delim.toString(), strip, quoted));
    f.wordStart = true;
  }

  private void dollar() {
    char next = at(i + 1);
    if (next == '(') {
      open(Kind.CMD, ')', 2);
    } else if (next == '{') {
      open(Kind.PARAM, '}', 2);
    } else if (next == '\'') {
      open(Kind.ANSI, '\'', 2);
    } else {
      i++;
    }
  }

  private void open(Kind kind, char closer, int skip) {
    stack.push(new Frame(kind, closer));
    i += skip;
  }

  private void close() {
    stack.pop();
    i++;
    if (stack.isEmpty()) {
      stack.push(new Frame(Kind.CMD, (char) 0));
    }
  }
}
