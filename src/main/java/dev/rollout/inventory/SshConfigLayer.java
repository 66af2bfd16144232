package dev.rollout.inventory;

import dev.rollout.source.Position;
import dev.rollout.source.Problems;
import dev.rollout.transport.HostKeyPolicy;
import dev.rollout.transport.ssh.config.JumpHost;
import dev.rollout.transport.ssh.config.SshConfig;
import dev.rollout.transport.ssh.config.SshConfigException;
import dev.rollout.transport.ssh.config.SshHostConfig;
import dev.rollout.transport.ssh.config.SshHostConfig.Sourced;
import dev.rollout.transport.ssh.config.Tokens;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * What ssh_config adds to a host: the inventory's values win, as command-line options win in
 * OpenSSH, then ssh_config's, then Rollout's built-in defaults. Problems name the ssh_config file
 * and line.
 */
final class SshConfigLayer {

  /** A host's settings with ssh_config's below them, and what only ssh_config can say. */
  record Result(Settings settings, String address, List<String> identities,
      List<Position> identitySources, Position knownHostsSource, boolean identitiesOnly,
      List<Jump> jumps, Duration serverAlive) {}

  private static final int MAX_JUMP_DEPTH = 8;

  private final SshConfig config;
  private final Problems problems;
  private final Function<String, String> env;
  private final Set<String> reported = new HashSet<>();

  SshConfigLayer(SshConfig config, Problems problems, Function<String, String> env) {
    this.config = config;
    this.problems = problems;
    this.env = env;
  }

  Result resolve(String name, Position at, Settings inv, String address) {
    List<String> ids = new ArrayList<>();
    List<Position> idAt = new ArrayList<>();
    if (inv.identity() != null) {
      ids.add(inv.identity());
      idAt.add(at);
    }
    if (address == null || config.isEmpty()) {
      return new Result(inv, address, ids, idAt, inv.knownHosts() == null ? null : at, false,
          List.of(), null);
    }
    try {
      SshHostConfig c = config.resolve(address, inv.user(), inv.port());
      String user = c.user() != null ? c.user() : Settings.BUILT_IN.user();
      int port = c.port() != null ? c.port() : 22;
      Map<Character, String> tokens = Map.of('d', config.home(), 'u', config.localUser(),
          'h', c.hostName(), 'r', user, 'p', String.valueOf(port), 'n', address);
      for (Sourced f : c.identityFiles()) {
        ids.add(expand(f.value(), f, tokens, "IdentityFile"));
        idAt.add(new Position(f.file(), f.line(), 1));
      }
      String known = inv.knownHosts();
      Position knownAt = known == null ? null : at;
      Sourced k = c.userKnownHostsFiles();
      if (known == null && k != null && !k.value().equalsIgnoreCase("none")) {
        known = expand(k.value(), k, tokens, "UserKnownHostsFile");
        knownAt = new Position(k.file(), k.line(), 1);
      }
      HostKeyPolicy keys = inv.hostKeys() != null ? inv.hostKeys() : strict(name, c);
      Duration timeout = inv.connectTimeout() != null ? inv.connectTimeout()
          : c.connectTimeoutSeconds() == null ? null
          : Duration.ofSeconds(Math.max(1, c.connectTimeoutSeconds()));
      refuseProxyCommand(name, c);
      Settings s = new Settings(user, port, inv.identity(), known, keys, inv.passphraseEnv(),
          inv.become(), timeout, inv.vars(), inv.becomePassword());
      List<Jump> jumps = jumps(name, c.proxyJump(), s, 0);
      return new Result(s, c.hostName(), ids, idAt, knownAt, c.identitiesOnly(), jumps,
          seconds(c.serverAliveIntervalSeconds()));
    } catch (SshConfigException e) {
      report(e);
      return new Result(inv, address, ids, idAt, null, false, List.of(), null);
    }
  }

  private List<Jump> jumps(String name, String proxyJump, Settings target, int depth)
      throws SshConfigException {
    if (proxyJump == null || proxyJump.equals("none")) {
      return List.of();
    }
    if (depth > MAX_JUMP_DEPTH) {
      throw new SshConfigException(config.toString(), 0, "ProxyJump of " + name + " goes through"
          + " more than " + MAX_JUMP_DEPTH + " jump hosts (a ProxyJump loop?)",
          "check the ProxyJump lines of the hosts it names");
    }
    List<JumpHost> hops = JumpHost.parseList(proxyJump);
    List<Jump> chain = new ArrayList<>();
    for (int i = 0; i < hops.size(); i++) {
      JumpHost hop = hops.get(i);
      SshHostConfig c = config.resolve(hop.host(), hop.user(), hop.port());
      if (i == 0) {
        chain.addAll(jumps(hop.host(), c.proxyJump(), target, depth + 1));
      }
      chain.add(jump(hop, c, target));
    }
    return List.copyOf(chain);
  }

  private Jump jump(JumpHost hop, SshHostConfig c, Settings target) throws SshConfigException {
    String user = c.user() != null ? c.user() : Settings.BUILT_IN.user();
    int port = c.port() != null ? c.port() : 22;
    Map<Character, String> tokens = Map.of('d', config.home(), 'u', config.localUser(),
        'h', c.hostName(), 'r', user, 'p', String.valueOf(port), 'n', hop.host());
    List<String> ids = new ArrayList<>();
    for (Sourced f : c.identityFiles()) {
      ids.add(expand(f.value(), f, tokens, "IdentityFile"));
    }
    Sourced k = c.userKnownHostsFiles();
    String known = k != null && !k.value().equalsIgnoreCase("none")
        ? expand(k.value(), k, tokens, "UserKnownHostsFile")
        : target.knownHosts() != null ? target.knownHosts() : Settings.BUILT_IN.knownHosts();
    HostKeyPolicy keys = c.strictHostKeyChecking() != null ? strict(hop.host(), c)
        : target.hostKeys() != null ? target.hostKeys() : Settings.BUILT_IN.hostKeys();
    refuseProxyCommand(hop.host(), c);
    Duration timeout = c.connectTimeoutSeconds() != null
        ? Duration.ofSeconds(Math.max(1, c.connectTimeoutSeconds())) : target.connectTimeout();
    return new Jump("jump " + hop, c.hostName(), port, user, ids, c.identitiesOnly(), known,
        keys, timeout);
  }

  private String expand(String value, Sourced at, Map<Character, String> tokens, String keyword)
      throws SshConfigException {
    String v = Tokens.expand(value, tokens, at.file(), at.line(), keyword);
    return Tokens.tilde(Tokens.dollars(v, env, at.file(), at.line(), keyword), config.home());
  }

  private static HostKeyPolicy strict(String name, SshHostConfig c) throws SshConfigException {
    Sourced s = c.strictHostKeyChecking();
    if (s == null) {
      return null;
    }
    return switch (s.value()) {
      case "accept-new" -> HostKeyPolicy.ACCEPT_NEW;
      case "no" -> throw new SshConfigException(s.file(), s.line(), "StrictHostKeyChecking no"
          + " applies to " + name + ": Rollout never connects without checking the host key",
          "use StrictHostKeyChecking accept-new (or hostKeys: accept-new in the inventory) to"
              + " record keys of hosts never seen before");
      default -> HostKeyPolicy.STRICT;
    };
  }

  private static void refuseProxyCommand(String name, SshHostConfig c) throws SshConfigException {
    Sourced p = c.proxyCommand();
    if (p != null && !p.value().equalsIgnoreCase("none")) {
      throw new SshConfigException(p.file(), p.line(), "ProxyCommand applies to " + name
          + ": Rollout never runs a command from ssh_config to reach a host",
          "use ProxyJump, or via: in the inventory");
    }
  }

  private static Duration seconds(Integer s) {
    return s == null || s <= 0 ? null : Duration.ofSeconds(s);
  }

  /** Each problem of a file once, however many hosts it touches. */
  void report(SshConfigException e) {
    String key = e.file() + ":" + e.line();
    if (reported.add(key)) {
      problems.add(new Position(e.file(), Math.max(1, e.line()), 1), "", e.getMessage(),
          e.hint());
    }
  }
}
