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

  private final Problems problems;
  private final Function<String, String> env;

  HostReader(Problems problems, Function<String, String> env) {
    this.problems = problems;
    this.env = env;
  }

  Host read(String name, MapNode node, Settings base, Set<String> allowed) {
    Fields f = Fields.of(node, "host " + name, allowed, problems);
    Settings s = Settings.read(f, problems, env).over(base);
    Route console = route(f, "console");
    Route container = route(f, "container");
    String address = f.string("address").orElse(null);
    checkAddress(name, f, address, container);
    return new Host(
        name,
        node.position(),
        address,
        s.port(),
        s.user(),
        s.identity(),
        s.knownHosts(),
        s.hostKeys(),
        s.passphraseEnv(),
        s.become(),
        f.stringMap("labels").orElse(Map.of()),
        s.vars(),
        f.strings("serves").orElse(List.of()),
        f.string("via").orElse(null),
        console,
        container,
        s.connectTimeout(),
        s.becomePassword());
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
