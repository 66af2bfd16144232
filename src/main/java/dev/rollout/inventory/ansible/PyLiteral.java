package dev.rollout.inventory.ansible;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Python's {@code ast.literal_eval} for what INI inventories hold: numbers, {@code True}, {@code
 * False}, {@code None}, quoted strings, lists, tuples and dicts of them. Ansible reads each INI
 * value through it and keeps the text as written when it is not such a literal; so does this.
 */
final class PyLiteral {

  private final String s;
  private int i;

  private PyLiteral(String s) {
    this.s = s;
  }

  /** The literal's value, or {@code text} itself when it is not a literal. */
  static Object eval(String text) {
    PyLiteral p = new PyLiteral(text);
    try {
      p.skipBlanks();
      Object v = p.value();
      p.skipBlanks();
      return p.i == text.length() ? v : text;
    } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
      return text;
    }
  }

  /** A whole number from a typed value or its text, or null. */
  static Long asInteger(Object v) {
    if (v instanceof Long l) {
      return l;
    }
    if (v instanceof Boolean b) {
      return b ? 1L : 0L;
    }
    if (v instanceof String str) {
      try {
        return Long.parseLong(str.trim());
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }

  private Object value() {
    skipBlanks();
    char c = s.charAt(i);
    if (c == '[' || c == '(') {
      return sequence(c == '[' ? ']' : ')');
    }
    if (c == '{') {
      return dict();
    }
    if (c == '\'' || c == '"' || prefixedString()) {
      return strings();
    }
    if (Character.isLetter(c) || c == '_') {
      return name();
    }
    return number();
  }

  private boolean prefixedString() {
    int j = i;
    while (j < s.length() && j - i < 2 && "rRuUbB".indexOf(s.charAt(j)) >= 0) {
      j++;
    }
    return j > i && j < s.length() && (s.charAt(j) == '\'' || s.charAt(j) == '"');
  }

  private Object name() {
    int start = i;
    while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) {
      i++;
    }
    return switch (s.substring(start, i)) {
      case "True" -> Boolean.TRUE;
      case "False" -> Boolean.FALSE;
      case "None" -> null;
      default -> throw new IllegalArgumentException("a name");
    };
  }

  private Object number() {
    int start = i;
    if (s.charAt(i) == '-' || s.charAt(i) == '+') {
      i++;
      skipBlanks();
    }
    int digits = i;
    while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_'
        || s.charAt(i) == '.' || (s.charAt(i) == '-' || s.charAt(i) == '+')
        && (s.charAt(i - 1) == 'e' || s.charAt(i - 1) == 'E') && !hex(digits))) {
      i++;
    }
    String sign = s.charAt(start) == '-' ? "-" : "";
    String body = s.substring(digits, i);
    if (body.isEmpty() || body.startsWith("_") || body.endsWith("_") || body.contains("__")) {
      throw new IllegalArgumentException("not a number");
    }
    String b = body.replace("_", "");
    String low = b.toLowerCase();
    if (low.startsWith("0x") || low.startsWith("0o") || low.startsWith("0b")) {
      int radix = low.charAt(1) == 'x' ? 16 : low.charAt(1) == 'o' ? 8 : 2;
      return integer(new BigInteger(sign + b.substring(2), radix));
    }
    if (low.matches("\\d+")) {
      if (low.length() > 1 && low.startsWith("0") && !low.matches("0+")) {
        throw new IllegalArgumentException("leading zeros");
      }
      return integer(new BigInteger(sign + b));
    }
    if (low.matches("(\\d+\\.\\d*|\\.\\d+|\\d+)(e[-+]?\\d+)?") && !low.equals(".")) {
      return Double.parseDouble(sign + b);
    }
    throw new IllegalArgumentException("not a number");
  }

  private boolean hex(int digits) {
    return s.regionMatches(true, digits, "0x", 0, 2);
  }

  private static Object integer(BigInteger v) {
    return v.bitLength() < 64 ? (Object) v.longValue() : v;
  }

  private Object strings() {
    StringBuilder out = new StringBuilder();
    boolean any = false;
    while (i < s.length() && (s.charAt(i) == '\'' || s.charAt(i) == '"' || prefixedString())) {
      boolean raw = false;
      while (s.charAt(i) != '\'' && s.charAt(i) != '"') {
        raw |= s.charAt(i) == 'r' || s.charAt(i) == 'R';
        i++;
      }
      out.append(string(raw));
      any = true;
      skipBlanks();
    }
    if (!any) {
      throw new IllegalArgumentException("no string");
    }
    return out.toString();
  }

  private String string(boolean raw) {
    char q = s.charAt(i);
    boolean triple = s.startsWith(String.valueOf(q).repeat(3), i);
    i += triple ? 3 : 1;
    StringBuilder b = new StringBuilder();
    while (true) {
      char c = s.charAt(i);
      if (triple ? s.startsWith(String.valueOf(q).repeat(3), i) : c == q) {
        i += triple ? 3 : 1;
        return b.toString();
      }
      if (c == '\n' && !triple) {
        throw new IllegalArgumentException("line end in a string");
      }
      if (c == '\\') {
        char n = s.charAt(i + 1);
        if (raw) {
          b.append(c).append(n);
        } else {
          b.append(escape(n));
        }
        i += 2;
        continue;
      }
      b.append(c);
      i++;
    }
  }

  private String escape(char n) {
    return switch (n) {
      case 'n' -> "\n";
      case 't' -> "\t";
      case 'r' -> "\r";
      case '0' -> "\0";
      case '\\' -> "\\";
      case '\'' -> "'";
      case '"' -> "\"";
      case '\n' -> "";
      case 'a' -> "\u0007";
      case 'b' -> "\b";
      case 'f' -> "\f";
      case 'v' -> "\u000b";
      default -> "\\" + n;
    };
  }

  private List<Object> sequence(char close) {
    i++;
    List<Object> out = new ArrayList<>();
    skipBlanks();
    while (s.charAt(i) != close) {
      out.add(value());
      skipBlanks();
      if (s.charAt(i) == ',') {
        i++;
        skipBlanks();
      } else if (s.charAt(i) != close) {
        throw new IllegalArgumentException("expected , or " + close);
      }
    }
    i++;
    return out;
  }

  private Map<Object, Object> dict() {
    i++;
    Map<Object, Object> out = new LinkedHashMap<>();
    skipBlanks();
    while (s.charAt(i) != '}') {
      Object k = value();
      skipBlanks();
      if (s.charAt(i) != ':') {
        throw new IllegalArgumentException("a set, not a dict");
      }
      i++;
      out.put(k instanceof List<?> l ? l : k, value());
      skipBlanks();
      if (s.charAt(i) == ',') {
        i++;
        skipBlanks();
      } else if (s.charAt(i) != '}') {
        throw new IllegalArgumentException("expected , or }");
      }
    }
    i++;
    return out;
  }

  private void skipBlanks() {
    while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
      i++;
    }
  }
}
