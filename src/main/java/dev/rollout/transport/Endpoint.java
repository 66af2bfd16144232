package dev.rollout.transport;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Everything needed to open an SSH connection to one host.
 *
 * @param name the inventory name of the host, used in messages and as the connection's identity
 * @param address the address or DNS name to connect to
 * @param port the TCP port, 1 to 65535
 * @param user the login user
 * @param identity the private key file (OpenSSH or PEM format, ed25519, RSA or ECDSA)
 * @param passphraseEnv name of an environment variable holding the key's passphrase, or null
 * @param knownHosts the known_hosts file checked for the host key (hashed and {@code [host]:port}
 *     entries work)
 * @param hostKeys what to do with a host key that is not in {@code knownHosts}
 * @param become run every command through {@code sudo -n}, or through {@code sudo -S} when
 *     {@code sudoPassword} is given
 * @param via the jump host this host is reached through, or null for a direct connection
 * @param connectTimeout the connect deadline: how long opening the connection may take in all,
 *     attempts included, once the jump host answered; null for the transport's default
 * @param sudoPassword the password sudo asks for on this host, sent on stdin; null for
 *     passwordless sudo ({@code sudo -n})
 * @param identities every private key file to try, in order, after the ssh-agent's keys (when
 *     {@code SSH_AUTH_SOCK} is set); empty for OpenSSH's defaults ({@code ~/.ssh/id_rsa},
 *     {@code id_ecdsa}, {@code id_ed25519}, each skipped when missing). {@code identity} is the
 *     first of them, or null
 * @param identitiesOnly OpenSSH's IdentitiesOnly: of the agent's keys, only those whose public key
 *     is one of {@code identities}' are offered
 * @param serverAliveInterval how often a keep-alive is sent on an idle connection; null for the
 *     transport's default
 */
public record Endpoint(
    String name,
    String address,
    int port,
    String user,
    Path identity,
    String passphraseEnv,
    Path knownHosts,
    HostKeyPolicy hostKeys,
    boolean become,
    Endpoint via,
    Duration connectTimeout,
    SudoPassword sudoPassword,
    List<Path> identities,
    boolean identitiesOnly,
    Duration serverAliveInterval) {

  public Endpoint {
    identities = identities == null ? (identity == null ? List.of() : List.of(identity))
        : List.copyOf(identities);
    identity = identities.isEmpty() ? null : identities.get(0);
    if (connectTimeout != null && (connectTimeout.isNegative() || connectTimeout.isZero())) {
      throw new IllegalArgumentException("connectTimeout must be positive, was " + connectTimeout);
    }
  }

  /** An endpoint with one identity file (or none: OpenSSH's defaults), passwordless sudo. */
  public Endpoint(String name, String address, int port, String user, Path identity,
      String passphraseEnv, Path knownHosts, HostKeyPolicy hostKeys, boolean become,
      Endpoint via, Duration connectTimeout) {
    this(name, address, port, user, identity, passphraseEnv, knownHosts, hostKeys, become, via,
        connectTimeout, null, null, false, null);
  }

  /** An endpoint with one identity file (or none), and sudo's password (or null). */
  public Endpoint(String name, String address, int port, String user, Path identity,
      String passphraseEnv, Path knownHosts, HostKeyPolicy hostKeys, boolean become,
      Endpoint via, Duration connectTimeout, SudoPassword sudoPassword) {
    this(name, address, port, user, identity, passphraseEnv, knownHosts, hostKeys, become, via,
        connectTimeout, sudoPassword, null, false, null);
  }

  /** An endpoint whose sudo needs no password, with what ssh_config adds. */
  public Endpoint(String name, String address, int port, String user, Path identity,
      String passphraseEnv, Path knownHosts, HostKeyPolicy hostKeys, boolean become,
      Endpoint via, Duration connectTimeout, List<Path> identities, boolean identitiesOnly,
      Duration serverAliveInterval) {
    this(name, address, port, user, identity, passphraseEnv, knownHosts, hostKeys, become, via,
        connectTimeout, null, identities, identitiesOnly, serverAliveInterval);
  }

  /** An endpoint with the transport's default connect deadline. */
  public Endpoint(String name, String address, int port, String user, Path identity,
      String passphraseEnv, Path knownHosts, HostKeyPolicy hostKeys, boolean become,
      Endpoint via) {
    this(name, address, port, user, identity, passphraseEnv, knownHosts, hostKeys, become, via,
        (Duration) null);
  }

  public Optional<Endpoint> jumpHost() {
    return Optional.ofNullable(via);
  }

  /** {@code user@address:port}, the way transport errors name a host. */
  public String describe() {
    return user + "@" + address + ":" + port + " (" + name + ")";
  }
}
