package dev.rollout.inventory;

import dev.rollout.source.Position;
import dev.rollout.transport.HostKeyPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One host or container of the inventory, with its settings resolved (host over group over
 * defaults).
 *
 * @param name the unique name in the inventory
 * @param position where the host is defined
 * @param address the address to connect to; null for a container target
 * @param port SSH port
 * @param user login user
 * @param identity private key file as written ({@code ~} not yet expanded)
 * @param knownHosts known_hosts file as written
 * @param hostKeys host key policy
 * @param passphraseEnv environment variable holding the key's passphrase, or null
 * @param become run commands through {@code sudo -n}
 * @param labels labels for selectors and {@code spreadBy}
 * @param vars variables, secrets included
 * @param serves what this host takes down when it goes down (sites, services)
 * @param via the jump host's name, or null
 * @param console the out-of-band path, or null
 * @param container the host and wrap this container is reached through, or null
 * @param connectTimeout the connect deadline: how long connecting may take in all, retries
 *     included (after the jump host answered)
 * @param becomePassword the sudo password from the environment variable {@code
 *     becomePasswordEnv} names (a secret), or null for passwordless sudo
 * @param identities every identity file to try after the agent's keys, in order (the inventory's
 *     {@code identity}, then ssh_config's IdentityFiles, expanded); empty for OpenSSH's defaults
 * @param identitiesOnly ssh_config's IdentitiesOnly
 * @param jumps the jump hosts ssh_config's ProxyJump names, nearest to the controller first;
 *     empty when {@code via} is set (the inventory wins) or none applies
 * @param serverAliveInterval ssh_config's ServerAliveInterval, or null
 */
public record Host(
    String name,
    Position position,
    String address,
    int port,
    String user,
    String identity,
    String knownHosts,
    HostKeyPolicy hostKeys,
    String passphraseEnv,
    boolean become,
    Map<String, String> labels,
    Map<String, Var> vars,
    List<String> serves,
    String via,
    Route console,
    Route container,
    Duration connectTimeout,
    Var becomePassword,
    List<String> identities,
    boolean identitiesOnly,
    List<Jump> jumps,
    Duration serverAliveInterval) {

  public Host {
    identities = identities == null ? (identity == null ? List.of() : List.of(identity))
        : List.copyOf(identities);
    jumps = jumps == null ? List.of() : List.copyOf(jumps);
    labels = Map.copyOf(labels);
    vars = Map.copyOf(vars);
    serves = List.copyOf(serves);
    connectTimeout = connectTimeout == null ? Settings.DEFAULT_CONNECT_TIMEOUT : connectTimeout;
  }

  /** A host that ssh_config adds nothing to, whose sudo needs no password. */
  public Host(String name, Position position, String address, int port, String user,
      String identity, String knownHosts, HostKeyPolicy hostKeys, String passphraseEnv,
      boolean become, Map<String, String> labels, Map<String, Var> vars, List<String> serves,
      String via, Route console, Route container, Duration connectTimeout) {
    this(name, position, address, port, user, identity, knownHosts, hostKeys, passphraseEnv,
        become, labels, vars, serves, via, console, container, connectTimeout, null, null, false,
        null, null);
  }

  /** A host with the default connect deadline. */
  public Host(String name, Position position, String address, int port, String user,
      String identity, String knownHosts, HostKeyPolicy hostKeys, String passphraseEnv,
      boolean become, Map<String, String> labels, Map<String, Var> vars, List<String> serves,
      String via, Route console, Route container) {
    this(name, position, address, port, user, identity, knownHosts, hostKeys, passphraseEnv,
        become, labels, vars, serves, via, console, container, (Duration) null);
  }

  public boolean isContainer() {
    return container != null;
  }

  /** What to show as the host's address: its own, or {@code wrap @ host} for a container. */
  public String displayAddress() {
    return isContainer() ? container.wrap() + " @ " + container.host() : address;
  }
}
