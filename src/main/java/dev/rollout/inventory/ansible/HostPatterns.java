package dev.rollout.inventory.ansible;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ansible's host patterns: an optional {@code :port}, and ranges such as {@code web[01:20]},
 * {@code db-[a:c]} and {@code node[0:10:2]} (begin:end:stride, end included, leading zeros kept).
 */
final class HostPatterns {

  /** Hosts and the port that applies to all of them (null when none is given). */
  record Expanded(List<String> hosts, Integer port) {}

  /** A pattern that cannot be expanded, in Ansible's words. */
  static final class Invalid extends Exception {
    Invalid(String message) {
      super(message);
    }
  }

  /** More hosts than one pattern may make: a typo, not a fleet. */
  static final int MAX_HOSTS = 100_000;

  private static final String LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
  private static final String RANGE = "\\[(?:[a-z]:[a-z]|[0-9]+:[0-9]+)(?::[0-9]+)?\\]";
  private static final String NUM_RANGE = "\\[(?:[0-9]+:[0-9]+)(?::[0-9]+)?\\]";
  private static final String LABEL = "(?:\\w|" + RANGE + ")(?:[\\w-]|" + RANGE + ")*(?<![_-])";
  private static final Pattern HOSTNAME = Pattern.compile(LABEL + "(?:\\." + LABEL + ")*",
      Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CHARACTER_CLASS);
  private static final String V4 = "(?:[01]?[0-9]{1,2}|2[0-4][0-9]|25[0-5]|" + NUM_RANGE + ")";
  private static final Pattern IPV4 = Pattern.compile("(?:" + V4 + "\\.){3}" + V4);
  private static final Pattern IPV6 = Pattern.compile(
      "(?:[0-9a-f]{0,4}|\\[[0-9a-f]+:[0-9a-f]+(?::[0-9]+)?\\])(?::(?:[0-9a-f]{0,4}|"
          + "\\[[0-9a-f]+:[0-9a-f]+(?::[0-9]+)?\\]|[0-9.]+)){2,8}", Pattern.CASE_INSENSITIVE);
  private static final Pattern BRACKETED_PORT = Pattern.compile("\\[(.+)\\]:([0-9]+)");
  private static final Pattern HOST_PORT = Pattern.compile("((?:[^:\\[\\]]|\\[[^\\]]*\\])*):([0-9]+)");

  private HostPatterns() {}

  static Expanded expand(String pattern, boolean ini) throws Invalid {
    String host = pattern;
    Integer port = null;
    for (Pattern p : List.of(BRACKETED_PORT, HOST_PORT)) {
      Matcher m = p.matcher(host);
      if (m.matches()) {
        host = m.group(1);
        port = portNumber(m.group(2));
      }
    }
    if (!(IPV4.matcher(host).matches() || IPV6.matcher(host).matches()
        || HOSTNAME.matcher(host).matches())) {
      host = pattern;
      port = null;
    }
    if (ini && port == null && pattern.strip().endsWith(":")) {
      throw new Invalid("invalid host pattern \"" + pattern + "\": it ends in ':', which is"
          + " reserved for a port");
    }
    return new Expanded(host.contains("[") ? range(host) : List.of(host), port);
  }

  private static Integer portNumber(String digits) throws Invalid {
    try {
      return Integer.parseInt(digits);
    } catch (NumberFormatException e) {
      throw new Invalid("port " + digits + " is out of range");
    }
  }

  /** Ansible's expand_hostname_range: the first [..] expanded, then the rest recursively. */
  static List<String> range(String line) throws Invalid {
    int open = line.indexOf('[');
    int close = line.indexOf(']');
    if (close < open || line.indexOf('[', open + 1) >= 0 && line.indexOf('[', open + 1) < close) {
      throw new Invalid("unbalanced brackets in host range \"" + line + "\"");
    }
    if (close < 0) {
      throw new Invalid("no closing ']' in host range \"" + line + "\"");
    }
    String head = line.substring(0, open);
    String[] bounds = line.substring(open + 1, close).split(":", -1);
    String tail = line.substring(close + 1);
    if (bounds.length != 2 && bounds.length != 3) {
      throw new Invalid("host range must be begin:end or begin:end:step, found \""
          + line.substring(open, close + 1) + "\"");
    }
    String beg = bounds[0].isEmpty() ? "0" : bounds[0];
    String end = bounds[1];
    if (end.isEmpty()) {
      throw new Invalid("host range must specify end value");
    }
    int width = beg.charAt(0) == '0' && beg.length() > 1 ? beg.length() : 0;
    if (width > 0 && width != end.length()) {
      throw new Invalid("host range must specify equal-length begin and end formats, found \""
          + line.substring(open, close + 1) + "\"");
    }
    int step = bounds.length == 3 ? integer(bounds[2], line) : 1;
    if (step <= 0) {
      throw new Invalid("host range step must be positive, found " + bounds[2]);
    }
    List<String> out = new ArrayList<>();
    for (String item : sequence(beg, end, step, width, line)) {
      String name = head + item + tail;
      if (name.contains("[")) {
        out.addAll(range(name));
      } else {
        out.add(name);
      }
      if (out.size() > MAX_HOSTS) {
        throw new Invalid("host range \"" + line + "\" makes more than " + MAX_HOSTS + " hosts");
      }
    }
    return out;
  }

  private static List<String> sequence(String beg, String end, int step, int width, String line)
      throws Invalid {
    List<String> out = new ArrayList<>();
    int ib = LETTERS.indexOf(beg);
    int ie = LETTERS.indexOf(end);
    if (ib >= 0 && ie >= 0) {
      if (ib > ie) {
        throw new Invalid("host range must have begin <= end, found \"" + beg + ":" + end + "\"");
      }
      for (int k = ib; k <= ie; k += step) {
        out.add(String.valueOf(LETTERS.charAt(k)));
      }
      return out;
    }
    long b = integer(beg, line);
    long e = integer(end, line);
    if ((e - b) / step > MAX_HOSTS) {
      throw new Invalid("host range \"" + beg + ":" + end + "\" makes more than " + MAX_HOSTS
          + " hosts");
    }
    for (long k = b; k <= e; k += step) {
      String n = Long.toString(k);
      out.add(width > 0 && n.length() < width ? "0".repeat(width - n.length()) + n : n);
    }
    return out;
  }

  private static int integer(String text, String line) throws Invalid {
    try {
      return Integer.parseInt(text.strip());
    } catch (NumberFormatException e) {
      throw new Invalid("host range bound \"" + text + "\" in \"" + line
          + "\" is neither a number nor a letter");
    }
  }
}
