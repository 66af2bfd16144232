package dev.rollout.transport.ssh.config;

import java.util.Locale;

/** readconf.c's value parsers for the keywords Rollout reads: flags, multistates, times. */
final class Values {

  private Values() {}

  /** parse_flag: yes/true or no/false. */
  static boolean flag(ConfigLine l) throws SshConfigException {
    String v = l.single().toLowerCase(Locale.ROOT);
    switch (v) {
      case "yes", "true" -> {
        return true;
      }
      case "no", "false" -> {
        return false;
      }
      default -> throw l.error("unsupported option \"" + l.single() + "\" for " + l.keyword(),
          "yes or no");
    }
  }

  /** StrictHostKeyChecking's multistate, normalised to yes, no, ask or accept-new. */
  static String strict(ConfigLine l) throws SshConfigException {
    String v = l.single().toLowerCase(Locale.ROOT);
    return switch (v) {
      case "yes", "true" -> "yes";
      case "no", "false", "off" -> "no";
      case "ask" -> "ask";
      case "accept-new" -> "accept-new";
      default -> throw l.error("unsupported option \"" + l.single()
          + "\" for stricthostkeychecking", "yes, accept-new or ask");
    };
  }

  /** parse_time: seconds, or null for {@code none}. */
  static Integer time(ConfigLine l) throws SshConfigException {
    String v = l.single();
    if (v.equals("none")) {
      return null;
    }
    long total = convtime(v);
    if (total < 0) {
      throw l.error("invalid time value \"" + v + "\" for " + l.keyword(),
          "seconds, or a time such as 30s, 5m, 1h30m");
    }
    return (int) total;
  }

  /** misc.c convtime: {@code 90}, {@code 1h30m}, ...; -1 when malformed. */
  static long convtime(String s) {
    long total = 0;
    int i = 0;
    if (s.isEmpty()) {
      return -1;
    }
    while (i < s.length()) {
      int start = i;
      while (i < s.length() && Character.isDigit(s.charAt(i))) {
        i++;
      }
      if (i == start || i - start > 10) {
        return -1;
      }
      long secs = Long.parseLong(s.substring(start, i));
      long mult = 1;
      if (i < s.length()) {
        switch (Character.toLowerCase(s.charAt(i))) {
          case 's' -> mult = 1;
          case 'm' -> mult = 60;
          case 'h' -> mult = 3600;
          case 'd' -> mult = 86400;
          case 'w' -> mult = 604800;
          default -> {
            return -1;
          }
        }
        i++;
      }
      total += secs * mult;
      if (total > Integer.MAX_VALUE) {
        return -1;
      }
    }
    return total;
  }
}
