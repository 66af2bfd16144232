package dev.rollout.inventory;

import dev.rollout.source.Durations;
import dev.rollout.source.Fields;
import dev.rollout.source.Node;
import dev.rollout.source.Problems;
import dev.rollout.source.Suggest;
import dev.rollout.transport.HostKeyPolicy;
import java.time.Duration;
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
    Duration connectTimeout,
    Map<String, Var> vars,
    Var becomePassword) {

  static final Set<String> KEYS = Set.of("user", "port", "identity", "knownHosts", "hostKeys",
      "passphraseEnv", "become", "connectTimeout", "vars", "becomePasswordEnv");

  /**
   * The connect deadline when nothing sets one: a silently dropped host is called unreachable
   * within it, retries included (10 s, within the 15 s the contract allows).
   */
  static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

  private static final Duration MIN_CONNECT_TIMEOUT = Duration.ofSeconds(1);
  private static final Duration MAX_CONNECT_TIMEOUT = Duration.ofMinutes(10);

  static final Settings BUILT_IN =
      new Settings(
          System.getProperty("user.name", "root"),
          22,
          null,
          "~/.ssh/known_hosts",
          HostKeyPolicy.STRICT,
          null,
          false,
          DEFAULT_CONNECT_TIMEOUT,
          Map.of(),
          null);

  /** Nothing set: what a layer below {@code defaults} and ssh_config starts from. */
  static final Settings EMPTY =
      new Settings(null, null, null, null, null, null, null, null, Map.of(), null);

  static Settings read(Fields f, Problems problems, Function<String, String> env) {
    return new Settings(
        f.string("user").orElse(null),
        f.integer("port", 1, 65535).orElse(null),
        f.string("identity").orElse(null),
        f.string("knownHosts").orElse(null),
        hostKeys(f, problems),
        f.string("passphraseEnv").orElse(null),
        f.bool("become").orElse(null),
        connectTimeout(f, problems),
        Vars.read(f.get("vars"), problems, env),
        BecomePassword.read(f, problems, env));
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
        pick(connectTimeout, below.connectTimeout),
        merged,
        pick(becomePassword, below.becomePassword));
  }

  private static <T> T pick(T mine, T theirs) {
    return mine != null ? mine : theirs;
  }

  private static Duration connectTimeout(Fields f, Problems problems) {
    Optional<Duration> d = f.duration("connectTimeout");
    if (d.isPresent() && (d.get().compareTo(MIN_CONNECT_TIMEOUT) < 0
        || d.get().compareTo(MAX_CONNECT_TIMEOUT) > 0)) {
      problems.add(f.get("connectTimeout"), "connectTimeout " + Durations.format(d.get())
          + " is out of range", "from 1s to 10m: how long connecting to the host may take in all,"
          + " retries included; 10s when not set");
      return null;
    }
    return d.orElse(null);
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
