package dev.rollout.transport;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A container or console wrap ({@code docker exec web-1}, {@code pct exec 101 --}) split into
 * words by POSIX shell quoting rules: single quotes, double quotes and backslashes, and nothing
 * else (no expansions). Each command then runs on the carrier as {@code 'W1' 'W2' sh -c
 * '<command>'}, every word a literal argument.
 *
 * @param text the wrap as written
 * @param words the words, quotes removed; never empty
 */
public record Wrap(String text, List<String> words) {

  /** A short-option cluster that ends in {@code c}: {@code -c}, {@code -lc}, {@code -ec}. */
  private static final Pattern DASH_C = Pattern.compile("-[A-Za-z]*c");
  /** Programs that join their arguments into one shell line, so the command's quoting is lost. */
  private static final Set<String> JOINERS = Set.of("ssh", "eval");
  private static final String OPERATORS = ";&|<>()";

  public Wrap {
    words = List.copyOf(words);
  }

  /** Why a wrap cannot be used; {@code offset} counts characters from the start of the text. */
  public static final class Invalid extends Exception {
    private final int offset;
    private final String hint;

    Invalid(int offset, String message, String hint) {
      super(message);
      this.offset = offset;
      this.hint = hint;
    }

    public int offset() {
      return offset;
    }

    /** What to write instead. */
    public String hint() {
      return hint;
    }
  }

  /**
   * Splits {@code text} into words.
   *
   * @throws Invalid when a quote is not closed, the text ends in a backslash or has no words
   */
  public static Wrap parse(String text) throws Invalid {
    List<String> words = new WordSplitter(text).split();
    if (words.isEmpty()) {
      throw new Invalid(0, "the wrap is empty", "for example: docker exec web-1");
    }
    return new Wrap(text, words);
  }

  /**
   * Parses {@code text} and refuses what cannot wrap a command: shell operators outside quotes
   * (a wrap is one program and its arguments, not a shell line), a last word that takes the next
   * argument as a command string ({@code sh -c}, {@code bash -lc}, {@code su -c}, {@code
   * --command}), or a program that joins its arguments into a shell line ({@code ssh}, {@code
   * eval}).
   */
  public static Wrap validate(String text) throws Invalid {
    Wrap wrap = parse(text);
    int syntax = WordSplitter.firstSyntax(text);
    if (syntax >= 0) {
      throw new Invalid(syntax, "the wrap contains shell syntax '" + text.charAt(syntax)
          + "': a wrap is one program and its arguments, never expanded or piped",
          "put the character in single quotes if it is meant literally");
    }
    String last = wrap.words.get(wrap.words.size() - 1);
    if (DASH_C.matcher(last).matches() || last.startsWith("--command")) {
      throw new Invalid(text.lastIndexOf(last), "the wrap ends in \"" + last + "\", which would"
          + " take the word after it as the command and run nothing of it",
          "end the wrap before the shell: Rollout adds sh -c '<command>' itself");
    }
    String program = wrap.words.get(0);
    if (JOINERS.contains(program.substring(program.lastIndexOf('/') + 1))) {
      throw new Invalid(0, "the wrap runs " + program + ", which joins its arguments into one"
          + " shell line, so the command's quoting would be lost",
          "reach the target as its own host (address and via) instead");
    }
    return wrap;
  }

  /** The command as the carrier runs it: {@code 'W1' 'W2' sh -c '<command>'}. */
  public String around(String command) {
    StringBuilder line = new StringBuilder();
    for (String word : words) {
      line.append(ShellQuote.quote(word)).append(' ');
    }
    return line.append("sh -c ").append(ShellQuote.quote(command)).toString();
  }

  /** The marker a proof prints: {@code rollout-wrap-} and {@code nonce}. */
  public static String marker(String nonce) {
    return "rollout-wrap-" + nonce.toLowerCase(Locale.ROOT);
  }

  /**
   * A command that prints {@link #marker(String)} without the marker appearing in its own text,
   * so a wrap that only echoes its arguments does not pass for one that ran the command.
   */
  public static String proofCommand(String nonce) {
    return "printf '%s-%s\\n' rollout-wrap " + ShellQuote.quote(nonce.toLowerCase(Locale.ROOT));
  }

  /** True when {@code stdout} has the marker on a line of its own. */
  public static boolean proves(String stdout, String nonce) {
    String marker = marker(nonce);
    return stdout.lines().anyMatch(l -> l.strip().equals(marker));
  }

  /** The text as written, so messages and previews show what the operator wrote. */
  @Override
  public String toString() {
    return text;
  }

  /** Splits on unquoted blanks, honouring {@code '...'}, {@code "..."} and backslashes. */
  private static final class WordSplitter {
    private final String text;
    private final List<String> words = new ArrayList<>();
    private StringBuilder word;
    private int i;

    WordSplitter(String text) {
      this.text = text;
    }

    List<String> split() throws Invalid {
      while (i < text.length()) {
        char ch = text.charAt(i);
        if (ch == ' ' || ch == '\t' || ch == '\n') {
          endWord();
          i++;
        } else if (ch == '\'') {
          single();
        } else if (ch == '"') {
          dbl();
        } else if (ch == '\\') {
          escaped();
        } else {
          word().append(ch);
          i++;
        }
      }
      endWord();
      return words;
    }

    private void single() throws Invalid {
      int close = text.indexOf('\'', i + 1);
      if (close < 0) {
        throw new Invalid(i, "the single quote is never closed", "close it with '");
      }
      word().append(text, i + 1, close);
      i = close + 1;
    }

    private void dbl() throws Invalid {
      int open = i++;
      StringBuilder w = word();
      while (i < text.length() && text.charAt(i) != '"') {
        char ch = text.charAt(i);
        if (ch == '\\' && i + 1 < text.length() && "$`\"\\\n".indexOf(text.charAt(i + 1)) >= 0) {
          if (text.charAt(i + 1) != '\n') {
            w.append(text.charAt(i + 1));
          }
          i += 2;
        } else {
          w.append(ch);
          i++;
        }
      }
      if (i >= text.length()) {
        throw new Invalid(open, "the double quote is never closed", "close it with \"");
      }
      i++;
    }

    private void escaped() throws Invalid {
      if (i + 1 >= text.length()) {
        throw new Invalid(i, "the wrap ends in a backslash", "remove it or escape a character");
      }
      if (text.charAt(i + 1) != '\n') {
        word().append(text.charAt(i + 1));
      }
      i += 2;
    }

    private StringBuilder word() {
      if (word == null) {
        word = new StringBuilder();
      }
      return word;
    }

    private void endWord() {
      if (word != null) {
        words.add(word.toString());
        word = null;
      }
    }

    /**
     * The offset of the first character the shell would treat as syntax: an operator outside
     * quotes, or an unescaped {@code $} or backquote outside single quotes; -1 when none.
     */
    static int firstSyntax(String text) {
      boolean inDouble = false;
      for (int i = 0; i < text.length(); i++) {
        char ch = text.charAt(i);
        if (ch == '\\') {
          i++;
        } else if (ch == '\'' && !inDouble) {
          int close = text.indexOf('\'', i + 1);
          if (close < 0) {
            return -1;
          }
          i = close;
        } else if (ch == '"') {
          inDouble = !inDouble;
        } else if (ch == '$' || ch == '`' || !inDouble && OPERATORS.indexOf(ch) >= 0) {
          return i;
        }
      }
      return -1;
    }
  }
}
