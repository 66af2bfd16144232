package dev.rollout.inventory;

import dev.rollout.source.Fields;
import dev.rollout.source.Node;
import dev.rollout.source.Node.MapNode;
import dev.rollout.source.Problems;
import dev.rollout.transport.Wrap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** Reads one host's map into a {@link Host}, its settings laid over {@code base}. */
final class HostReader {

  private static final Set<String> ROUTE_KEYS = Set.of("host", "wrap");

  /** Where each host's identity and known_hosts files were named, for the checks after. */
  final Map<String, SshConfigLayer.Result> sources = new java.util.LinkedHashMap<>();

  private final Problems problems;
  private final Function<String, String> env;
  private final SshConfigLayer ssh;

  HostReader(Problems problems, Function<String, String> env, SshConfigLayer ssh) {
    this.problems = problems;
    this.env = env;
    this.ssh = ssh;
  }

  /**
   * @param base the settings of the groups and {@code defaults} the host is in, without
   *     Rollout's built-in defaults: ssh_config comes between them
   */
  Host read(String name, MapNode node, Settings base, Set<String> allowed) {
    Fields f = Fields.of(node, "host " + name, allowed, problems);
    Settings inv = Settings.read(f, problems, env).over(base);
    Route console = route(f, "console");
    Route container = route(f, "container");
    String address = f.string("address").orElse(null);
    checkAddress(name, f, address, container);
    SshConfigLayer.Result r = ssh.resolve(name, node.position(), inv,
        container == null ? address : null);
    Settings s = r.settings().over(Settings.BUILT_IN);
    String via = f.string("via").orElse(null);
    sources.put(name, r);
    return new Host(
        name,
        node.position(),
        r.address(),
        s.port(),
        s.user(),
        r.identities().isEmpty() ? null : r.identities().get(0),
        s.knownHosts(),
        s.hostKeys(),
        s.passphraseEnv(),
        s.become(),
        f.stringMap("labels").orElse(Map.of()),
        s.vars(),
        f.strings("serves").orElse(List.of()),
        via,
        console,
        container,
        s.connectTimeout(),
        s.becomePassword(),
        r.identities(),
        r.identitiesOnly(),
        via == null ? r.jumps() : List.of(),
        r.serverAlive());
  }

  private void checkAddress(String name, Fields f, String address, Route container) {
    if (address == null && container == null && !f.has("address")) {
      problems.add(f.node(), "host " + name + " has neither \"address\" nor \"container\"",
          "add address: <ip or name>, or container: {host: H, wrap: docker exec NAME}");
    } else if (address != null && container != null) {
      problems.add(f.get("container"), "host " + name + " has both an address and a container",
          "a container target is reached through its host; remove one");
    } else if (address != null && !address.matches("[A-Za-z0-9.:\\[\\]_-]+")
        || address != null && address.startsWith("-")) {
      problems.add(f.get("address"), "invalid address \"" + address + "\"",
          "an IP address or DNS name, without spaces");
    }
    if (container != null && f.has("via")) {
      problems.add(f.get("via"), "container " + name + " cannot have a jump host",
          "it is reached through its container host; put \"via\" on " + container.host());
    }
  }

  private Route route(Fields f, String key) {
    Node n = f.get(key);
    if (n == null) {
      return null;
    }
    Fields r = Fields.of(n, key, ROUTE_KEYS, problems);
    if (r == null) {
      return null;
    }
    r.require("host", "the host that " + key + " commands run on");
    r.require("wrap", "the command that wraps each command, such as: pct exec 101 --");
    String host = r.string("host").orElse(null);
    String wrap = r.string("wrap").orElse(null);
    if (wrap != null && wrap.isBlank()) {
      problems.add(r.get("wrap"), key + ".wrap is empty", "for example: pct exec 101 --");
      return null;
    }
    if (wrap != null) {
      try {
        Wrap.validate(wrap);
      } catch (Wrap.Invalid e) {
        problems.add(r.get("wrap"), key + ".wrap \"" + wrap + "\": " + e.getMessage()
            + " (at character " + (e.offset() + 1) + ")", e.hint());
      }
    }
    return host == null || wrap == null ? null : new Route(host, wrap);
  }
}
