package dev.rollout.engine;

import dev.rollout.inventory.Host;
import dev.rollout.inventory.Inventory;
import dev.rollout.inventory.Var;
import dev.rollout.inventory.Jump;
import dev.rollout.plan.ProbeSpec;
import dev.rollout.plan.ResolvedPlan;
import dev.rollout.plan.Strategy;
import dev.rollout.transport.Endpoint;
import dev.rollout.transport.RemoteShell;
import dev.rollout.transport.SudoPassword;
import dev.rollout.transport.Transport;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How each target is reached: its own SSH connection (through its jump hosts), or, for a container,
 * its carrier host's connection; and its console path when it has one. Connections are shared: one
 * per host, held for the whole run or (strategy {@code connections: perStep}) for each piece of
 * work on the host.
 */
public final class Fleet implements AutoCloseable {

  private final Transport transport;
  private final Inventory inventory;
  private final boolean planBecome;
  private final Path baseDir;
  /** Whether a host's connection is closed after each piece of work on it. */
  private final boolean perStep;
  private final Map<String, Endpoint> endpoints = new ConcurrentHashMap<>();

  /**
   * @param baseDir relative {@code identity} and {@code knownHosts} paths are resolved against it
   *     (the inventory's directory)
   */
  public Fleet(Transport transport, ResolvedPlan rp, Path baseDir) {
    this.transport = transport;
    this.inventory = rp.inventory();
    this.planBecome = rp.plan().become();
    this.baseDir = baseDir;
    this.perStep = rp.plan().strategy().connections() == Strategy.Connections.PER_STEP
        && rp.plan().health().probes().stream().noneMatch(p -> p.kind() == ProbeSpec.Kind.SSH);
  }

  /**
   * A piece of work on {@code hostName} ended (its preflight, its change, its rollback): under
   * {@code connections: perStep} its own SSH connection is closed, unless its probes need SSH (a
   * handshake every interval costs more than a held connection) or it is a container (its
   * carrier's connection serves its siblings too).
   */
  void release(String hostName) {
    if (!perStep) {
      return;
    }
    Host h = inventory.host(hostName).orElseThrow();
    if (!h.isContainer()) {
      transport.release(endpoint(h));
    }
  }

  /** The shell that runs a target's steps and {@code ssh} probes. */
  public RemoteShell shell(String hostName) {
    Host h = inventory.host(hostName).orElseThrow();
    if (h.isContainer()) {
      Host carrier = inventory.host(h.container().host()).orElseThrow();
      return transport.wrapped(h.name(), endpoint(carrier), h.container().wrap());
    }
    return transport.shell(endpoint(h));
  }

  /** The out-of-band path to a target, when it declares a {@code console}. */
  public Optional<RemoteShell> console(String hostName) {
    Host h = inventory.host(hostName).orElseThrow();
    if (h.console() == null) {
      return Optional.empty();
    }
    Host carrier = inventory.host(h.console().host()).orElseThrow();
    return Optional.of(transport.wrapped(h.name() + "~console", endpoint(carrier),
        h.console().wrap()));
  }

  /**
   * The host that carries a target's console (the hypervisor), reached over SSH unwrapped: where
   * {@code on: consoleHost} steps run.
   */
  public RemoteShell consoleHost(String hostName) {
    Host h = inventory.host(hostName).orElseThrow();
    return transport.shell(endpoint(inventory.host(h.console().host()).orElseThrow()));
  }

  /** How the console path is shown: {@code pct exec 101 -- @ proxmox-1}. */
  public String describeConsole(String hostName) {
    Host h = inventory.host(hostName).orElseThrow();
    return h.console() == null ? "" : h.console().wrap() + " @ " + h.console().host();
  }

  /** How {@code h} is reached; built once per host, so hosts behind one bastion share its own. */
  Endpoint endpoint(Host h) {
    Endpoint e = endpoints.get(h.name());
    if (e == null) {
      // the jump host's endpoint first, outside the map's update (it recurses into this map)
      Endpoint built = build(h, via(h));
      e = endpoints.putIfAbsent(h.name(), built);
      return e == null ? built : e;
    }
    return e;
  }

  private Endpoint via(Host h) {
    return h.via() != null ? endpoint(inventory.host(h.via()).orElseThrow()) : jumpChain(h);
  }

  private Endpoint build(Host h, Endpoint via) {
    return new Endpoint(h.name(), h.address(), h.port(), h.user(), null, h.passphraseEnv(),
        path(h.knownHosts()), h.hostKeys(), h.become() || planBecome, via, h.connectTimeout(),
        sudoPassword(h), h.identities().stream().map(this::path).toList(), h.identitiesOnly(),
        h.serverAliveInterval());
  }

  private static SudoPassword sudoPassword(Host h) {
    Var p = h.becomePassword();
    return p == null || p.value() == null ? null : new SudoPassword(p.env(), p.value());
  }

  /** The ssh_config ProxyJump chain of {@code h}, as endpoints; null when it has none. */
  private Endpoint jumpChain(Host h) {
    Endpoint via = null;
    for (Jump j : h.jumps()) {
      via = new Endpoint(j.name(), j.address(), j.port(), j.user(), null, h.passphraseEnv(),
          path(j.knownHosts()), j.hostKeys(), false, via, j.connectTimeout(),
          j.identities().stream().map(this::path).toList(), j.identitiesOnly(), null);
    }
    return via;
  }

  private Path path(String p) {
    return dev.rollout.inventory.HostFile.resolve(baseDir, p);
  }

  @Override
  public void close() {
    transport.close();
  }
}
