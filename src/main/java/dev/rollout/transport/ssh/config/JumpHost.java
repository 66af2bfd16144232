package dev.rollout.transport.ssh.config;

import java.util.ArrayList;
import java.util.List;

/**
 * One hop of a ProxyJump list: {@code [user@]host[:port]} or {@code ssh://[user@]host[:port]}.
 *
 * @param user the login user given in the hop, or null
 * @param host the host name as given (looked up in ssh_config in its turn)
 * @param port the port given in the hop, or null
 */
public record JumpHost(String user, String host, Integer port) {

  /**
   * The hops of a ProxyJump value, nearest to the controller first; empty for {@code none}.
   *
   * @throws IllegalArgumentException naming the hop that does not parse
   */
  public static List<JumpHost> parseList(String value) {
    String v = value.strip();
    if (v.equalsIgnoreCase("none")) {
      return List.of();
    }
    List<JumpHost> hops = new ArrayList<>();
    for (String hop : v.split(",", -1)) {
      hops.add(parse(hop));
    }
    return List.copyOf(hops);
  }

  /**
   * One hop, {@code [user@]host[:port]} or {@code ssh://[user@]host[:port]}.
   *
   * @throws IllegalArgumentException naming the hop that does not parse
   */
  public static JumpHost parse(String hop) {
    String s = hop;
    if (s.regionMatches(true, 0, "ssh://", 0, 6)) {
      s = s.substring(6);
      if (s.endsWith("/")) {
        s = s.substring(0, s.length() - 1);
      }
      if (s.contains("/")) {
        throw new IllegalArgumentException("invalid jump host \"" + hop + "\"");
      }
    }
    String user = null;
    int at = s.lastIndexOf('@');
    if (at >= 0) {
      user = s.substring(0, at);
      s = s.substring(at + 1);
    }
    String host = s;
    Integer port = null;
    if (s.startsWith("[")) {
      int close = s.indexOf(']');
      if (close < 0) {
        throw new IllegalArgumentException("invalid jump host \"" + hop + "\"");
      }
      host = s.substring(1, close);
      String tail = s.substring(close + 1);
      if (!tail.isEmpty()) {
        port = port(hop, tail.startsWith(":") ? tail.substring(1) : "x");
      }
    } else if (s.contains(":")) {
      int colon = s.indexOf(':');
      host = s.substring(0, colon);
      port = port(hop, s.substring(colon + 1));
    }
    if (host.isEmpty() || user != null && user.isEmpty()) {
      throw new IllegalArgumentException("invalid jump host \"" + hop + "\"");
    }
    return new JumpHost(user, host, port);
  }

  private static Integer port(String hop, String text) {
    try {
      int p = Integer.parseInt(text);
      if (p >= 1 && p <= 65535) {
        return p;
      }
    } catch (NumberFormatException e) {
      // below
    }
    throw new IllegalArgumentException("invalid port in jump host \"" + hop + "\"");
  }

  /** {@code [user@]host[:port]}, as OpenSSH writes a hop. */
  @Override
  public String toString() {
    return (user == null ? "" : user + "@") + host + (port == null ? "" : ":" + port);
  }
}
