package dev.rollout.transport;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * POSIX shell quoting: a quoted value is always one literal word, whatever it contains, so a value
 * put into a remote command can never inject another command.
 */
public final class ShellQuote {

  private ShellQuote() {}

  /**
   * Quotes {@code value} as one word in single quotes; each {@code '} becomes {@code '\''}.
   *
   * @param value any string, may be empty (gives {@code ''})
   * @return the quoted word
   */
  public static String quote(String value) {
    return "'" + value.replace("'", "'\\''") + "'";
  }

  /**
   * Splits {@code words} on whitespace and quotes each word, so {@code docker exec web-1; rm -rf /}
   * becomes five literal arguments.
   *
   * @param words a command prefix such as {@code pct exec 101 --}; blank gives an empty string
   * @return the quoted words joined by single spaces
   */
  public static String quoteWords(String words) {
    String trimmed = words.strip();
    if (trimmed.isEmpty()) {
      return "";
    }
    return Arrays.stream(trimmed.split("\\s+"))
        .map(ShellQuote::quote)
        .collect(Collectors.joining(" "));
  }
}
