package dev.rollout.probe;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A metric probe's condition: comparisons of the value with numbers, joined by {@code and}, such
 * as {@code < 1} or {@code >= 0.5 and < 2}. The operators are {@code < <= > >= == !=}; numbers are
 * decimal, optionally signed, with an exponent ({@code 1e3}). Nothing else: there is no general
 * expression language, so a condition can never run as code. NaN matches no comparison but {@code
 * !=}, as in IEEE arithmetic. Immutable.
 */
public final class Condition {

  /** One comparison of the value. */
  record Comparison(String operator, double number, String written) {
    boolean test(double v) {
      return switch (operator) {
        case "<" -> v < number;
        case "<=" -> v <= number;
        case ">" -> v > number;
        case ">=" -> v >= number;
        case "==" -> v == number;
        default -> v != number;
      };
    }
  }

  /** A condition that cannot be read, and where in the text the trouble starts (0-based). */
  public static final class Malformed extends IllegalArgumentException {
    private final int offset;

    Malformed(String message, int offset) {
      super(message);
      this.offset = offset;
    }

    /** Offset in the condition's text where the problem starts. */
    public int offset() {
      return offset;
    }
  }

  private final List<Comparison> parts;
  private final String text;

  private Condition(List<Comparison> parts) {
    this.parts = List.copyOf(parts);
    this.text = String.join(" and ", this.parts.stream().map(Comparison::written).toList());
  }

  /**
   * Reads a condition.
   *
   * @throws Malformed with what is wrong and where
   */
  public static Condition parse(String text) {
    List<Comparison> parts = new ArrayList<>();
    int i = skip(text, 0);
    if (i == text.length()) {
      throw new Malformed("the condition is empty", 0);
    }
    while (true) {
      int opStart = i;
      String op = operator(text, i);
      if (op == null) {
        throw new Malformed("expected one of < <= > >= == != at \"" + rest(text, i) + "\"", i);
      }
      i = skip(text, i + op.length());
      int numStart = i;
      while (i < text.length() && "+-.0123456789eE".indexOf(text.charAt(i)) >= 0) {
        i++;
      }
      String number = text.substring(numStart, i);
      double value = number(number, numStart, text);
      parts.add(new Comparison(op, value, op + " " + number));
      i = skip(text, i);
      if (i == text.length()) {
        return new Condition(parts);
      }
      if (!text.regionMatches(true, i, "and", 0, 3)
          || i + 3 < text.length() && !Character.isWhitespace(text.charAt(i + 3))
              && "<>=!".indexOf(text.charAt(i + 3)) < 0) {
        throw new Malformed("expected \"and\" or the end after \"" + text.substring(opStart, i)
            .strip() + "\", found \"" + rest(text, i) + "\"", i);
      }
      i = skip(text, i + 3);
      if (i == text.length()) {
        throw new Malformed("nothing after \"and\"", i);
      }
    }
  }

  private static String operator(String text, int i) {
    for (String op : List.of("<=", ">=", "==", "!=", "<", ">")) {
      if (text.startsWith(op, i)) {
        return op;
      }
    }
    return null;
  }

  private static double number(String number, int at, String text) {
    if (number.isEmpty() || !number.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?")) {
      throw new Malformed("expected a number at \"" + rest(text, at) + "\"", at);
    }
    return Double.parseDouble(number);
  }

  private static String rest(String text, int i) {
    String r = text.substring(i);
    return r.isEmpty() ? "the end" : r.length() > 20 ? r.substring(0, 20) + "..." : r;
  }

  private static int skip(String text, int i) {
    while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
      i++;
    }
    return i;
  }

  /** True when the value meets every comparison. */
  public boolean test(double value) {
    for (Comparison c : parts) {
      if (!c.test(value)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Which way a value gets worse for a probe whose success is this condition: true for a ceiling
   * ({@code < 1}: higher is worse), false for a floor ({@code > 10}); by the first comparison,
   * and higher for {@code ==} or {@code !=}.
   */
  public boolean higherIsWorse() {
    String op = parts.get(0).operator();
    return !(op.equals(">") || op.equals(">="));
  }

  /** The condition as written, normalised: {@code >= 0.5 and < 2}. */
  public String text() {
    return text; // made once: every check of a metric probe shows it
  }

  @Override
  public String toString() {
    return text().toLowerCase(Locale.ROOT);
  }
}
