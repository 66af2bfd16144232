package dev.rollout.inventory.ansible;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The OpenSSH options in {@code ansible_ssh_common_args} and {@code ansible_ssh_extra_args} that
 * decide where and how safely Rollout connects: {@code -J}, {@code -o ProxyJump}, {@code -o
 * UserKnownHostsFile}, {@code -o StrictHostKeyChecking}, {@code -i}, {@code -p}, {@code -l}.
 * Options that only tune a connection (ControlMaster, ServerAliveInterval...) are ignored; those
 * that Rollout cannot honour and whose loss would change where or how safely it connects ({@code
 * ProxyCommand}, {@code StrictHostKeyChecking=no}, a known-hosts file of {@code /dev/null}) are
 * refused.
 *
 * @param proxyJump the jump hosts, nearest to the controller first; empty for none
 * @param knownHosts the known-hosts file, or null
 * @param acceptNew true for {@code accept-new}, false for {@code yes}, null when not given
 * @param identity an identity file given with {@code -i}, or null
 * @param port a port given with {@code -p}, or null
 * @param user a user given with {@code -l}, or null
 */
public record SshArgs(List<String> proxyJump, String knownHosts, Boolean acceptNew,
    String identity, String port, String user) {

  /** Options Rollout cannot honour. */
  public static final class Refused extends Exception {
    public Refused(String message) {
      super(message);
    }
  }

  private static final String WITH_ARGUMENT = "BbcDEeFIiJLlmOoPpQRSWw";

  public static SshArgs parse(String text) throws Refused {
    List<String> words;
    try {
      words = IniWords.split(text.replace("#", "\\#"));
    } catch (IniWords.Unclosed e) {
      throw new Refused("cannot read the ssh arguments: " + e.getMessage());
    }
    Builder b = new Builder();
    for (int i = 0; i < words.size(); i++) {
      String w = words.get(i);
      if (w.length() < 2 || w.charAt(0) != '-') {
        continue;
      }
      char flag = w.charAt(1);
      if (WITH_ARGUMENT.indexOf(flag) < 0) {
        continue;
      }
      String arg = w.length() > 2 ? w.substring(2) : i + 1 < words.size() ? words.get(++i) : "";
      b.flag(flag, arg);
    }
    return new SshArgs(b.jump, b.knownHosts, b.acceptNew, b.identity, b.port, b.user);
  }

  private static final class Builder {
    List<String> jump = List.of();
    String knownHosts;
    Boolean acceptNew;
    String identity;
    String port;
    String user;

    void flag(char flag, String arg) throws Refused {
      switch (flag) {
        case 'J' -> jump = hops(arg);
        case 'o' -> option(arg);
        case 'i' -> identity = identity == null ? arg : identity;
        case 'p' -> port = arg;
        case 'l' -> user = arg;
        default -> { }
      }
    }

    void option(String arg) throws Refused {
      String[] kv = arg.strip().split("\\s*=\\s*|\\s+", 2);
      String key = kv[0].toLowerCase(Locale.ROOT);
      String value = kv.length > 1 ? kv[1].strip() : "";
      switch (key) {
        case "proxyjump" -> jump = hops(value);
        case "userknownhostsfile" -> knownHosts(value);
        case "stricthostkeychecking" -> strict(value);
        case "proxycommand" -> {
          if (!value.equalsIgnoreCase("none")) {
            throw new Refused("ProxyCommand is not supported: Rollout connects itself, and would"
                + " otherwise reach the host by another way than the one written; use ProxyJump");
          }
        }
        default -> { }
      }
    }

    void knownHosts(String value) throws Refused {
      String first = value.split("\\s+")[0];
      if (first.equals("/dev/null")) {
        throw new Refused("UserKnownHostsFile=/dev/null turns host key checking off, which"
            + " Rollout never does; name a known_hosts file, or use StrictHostKeyChecking="
            + "accept-new");
      }
      knownHosts = first;
    }

    void strict(String value) throws Refused {
      switch (value.toLowerCase(Locale.ROOT)) {
        case "yes", "ask" -> acceptNew = false;
        case "accept-new" -> acceptNew = true;
        default -> throw new Refused("StrictHostKeyChecking=" + value + " would trust any host"
            + " key, which Rollout never does; use accept-new (keys of new hosts are recorded,"
            + " changed keys refused) or yes");
      }
    }

    static List<String> hops(String value) {
      if (value.equalsIgnoreCase("none")) {
        return List.of();
      }
      List<String> out = new ArrayList<>();
      for (String hop : value.split(",")) {
        if (!hop.isBlank()) {
          out.add(hop.strip());
        }
      }
      return out;
    }
  }
}
