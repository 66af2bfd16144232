package dev.rollout.inventory;

import dev.rollout.source.Position;
import dev.rollout.source.Problems;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import dev.rollout.transport.ssh.config.JumpHost;

/**
 * Turns the ProxyJump hops of Ansible hosts into {@code via}: a hop {@code [user@]host[:port]}
 * is the inventory host of that name, or the one with that address (and port, when given);
 * otherwise a jump host of its own is added, named after the hop, with the hop's user (else the
 * controller's user, as OpenSSH does) and the target's key and known_hosts. Hops of a chain lead to one another, nearest to the controller first.
 */
final class JumpHosts {

  private final Problems problems;
  private final Map<String, Host> hosts;
  /** The first host by address, and by {@code address:port}, in inventory order; built once. */
  private Map<String, String> byAddress;
  private Map<String, String> byAddressAndPort;

  JumpHosts(Problems problems, Map<String, Host> hosts) {
    this.problems = problems;
    this.hosts = hosts;
  }

  void resolve(Map<String, AnsibleHostReader.Read> reads) {
    for (AnsibleHostReader.Read r : reads.values()) {
      if (r.jumps().isEmpty() || r.host().isContainer()) {
        // a container is reached through its carrier, whose own route applies
        continue;
      }
      String previous = null;
      for (String hop : r.jumps()) {
        previous = hop(hop, previous, r.host(), r.jumpsAt());
        if (previous == null) {
          break;
        }
      }
      if (previous != null) {
        hosts.put(r.host().name(), withVia(hosts.get(r.host().name()), previous));
      }
    }
  }

  private String hop(String hop, String previous, Host target, Position at) {
    JumpHost parsed;
    try {
      parsed = JumpHost.parse(hop);
    } catch (IllegalArgumentException e) {
      problems.add(at, "", "cannot read jump host \"" + hop + "\"", "write [user@]host[:port]");
      return null;
    }
    String host = parsed.host();
    Integer port = parsed.port();
    if (hosts.containsKey(host)) {
      return host;
    }
    Map<String, String> first = byAddress();
    String known = port == null ? first.get(host) : byAddressAndPort.get(host + ":" + port);
    if (known != null) {
      return known;
    }
    String name = port == null || port == 22 ? host : host + "-" + port;
    if (!name.matches(AnsibleHostReader.NAME)) {
      problems.add(at, "", "jump host \"" + hop + "\" has no name Rollout can use",
          "define it in the inventory and name it in ProxyJump");
      return null;
    }
    String user = parsed.user() == null ? Settings.BUILT_IN.user() : parsed.user();
    Host jump = new Host(name, at, host, port == null ? 22 : port, user, target.identity(),
        target.knownHosts(), target.hostKeys(), target.passphraseEnv(), false, Map.of(), Map.of(),
        List.of(), previous, null, null, target.connectTimeout());
    hosts.put(name, jump);
    indexed(jump);
    return name;
  }

  private Map<String, String> byAddress() {
    if (byAddress == null) {
      byAddress = new HashMap<>();
      byAddressAndPort = new HashMap<>();
      hosts.values().forEach(this::indexed);
    }
    return byAddress;
  }

  private void indexed(Host h) {
    if (byAddress != null && h.address() != null) {
      byAddress.putIfAbsent(h.address(), h.name());
      byAddressAndPort.putIfAbsent(h.address() + ":" + h.port(), h.name());
    }
  }

  /** {@code h} reached through {@code via}: the inventory's jump host wins over ssh_config's. */
  private static Host withVia(Host h, String via) {
    return new Host(h.name(), h.position(), h.address(), h.port(), h.user(), h.identity(),
        h.knownHosts(), h.hostKeys(), h.passphraseEnv(), h.become(), h.labels(), h.vars(),
        h.serves(), via, h.console(), h.container(), h.connectTimeout(), h.becomePassword(),
        h.identities(), h.identitiesOnly(), List.of(), h.serverAliveInterval());
  }
}
