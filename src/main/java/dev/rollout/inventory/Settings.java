package dev.rollout.inventory;

import dev.rollout.source.Fields;
import dev.rollout.source.Node;
import dev.rollout.source.Problems;
import dev.rollout.source.Suggest;
import dev.rollout.transport.HostKeyPolicy;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Connection settings and variables that {@code defaults}, a group or a host may set; each layer
 * overrides the one below it. Absent values are null.
 */
record Settings(
    String user,
    Integer port,
    String identity,
    String knownHosts,
    HostKeyPolicy hostKeys,
    String passphraseEnv,
    Boolean become,
    Map<String, Var> vars) {

  static final Set<String> KEYS =
      Set.of("user", "port", "identity", "knownHosts", "hostKeys", "passphraseEnv", "become", "vars");

  static final Settings BUILT_IN =
      new Settings(
          System.getProperty("user.name", "root"),
          22,
          "~/.ssh/id_ed25519",
          "~/.ssh/known_hosts",
          HostKeyPolicy.STRICT,
          null,
          false,
          Map.of());

  static Settings read(Fields f, Problems problems, Function<String, String> env) {
    return new Settings(
        f.string("user").orElse(null),
        f.integer("port", 1, 65535).orElse(null),
        f.string("identity").orElse(null),
        f.string("knownHosts").orElse(null),
        hostKeys(f, problems),
        f.string("passphraseEnv").orElse(null),
        f.bool("become").orElse(null),
        Vars.read(f.get("vars"), problems, env));
  }

  /** This layer over {@code below}: a value set here wins; variables merge key by key. */
  Settings over(Settings below) {
    Map<String, Var> merged = new LinkedHashMap<>(below.vars);
    merged.putAll(vars);
    return new Settings(
        pick(user, below.user),
        pick(port, below.port),
        pick(identity, below.identity),
        pick(knownHosts, below.knownHosts),
        pick(hostKeys, below.hostKeys),
        pick(passphraseEnv, below.passphraseEnv),
        pick(become, below.become),
        merged);
  }

  private static <T> T pick(T mine, T theirs) {
    return mine != null ? mine : theirs;
  }

  private static HostKeyPolicy hostKeys(Fields f, Problems problems) {
    Optional<String> v = f.string("hostKeys");
    if (v.isEmpty()) {
      return null;
    }
    switch (v.get()) {
      case "strict":
        return HostKeyPolicy.STRICT;
      case "accept-new":
        return HostKeyPolicy.ACCEPT_NEW;
      default:
        String hint =
            Suggest.closest(v.get(), Set.of("strict", "accept-new"))
                .map(s -> "did you mean \"" + s + "\"?")
                .orElse("use strict or accept-new; there is no mode that trusts any key");
        problems.add(f.get("hostKeys"), "unknown host key policy \"" + v.get() + "\"", hint);
        return null;
    }
  }
}
