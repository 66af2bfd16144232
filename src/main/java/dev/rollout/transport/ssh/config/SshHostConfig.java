package dev.rollout.transport.ssh.config;

import java.util.List;

/**
 * What ssh_config says for one host, as {@code ssh -G} would print it before %-tokens are
 * expanded: values as written, null where no line set one.
 *
 * @param hostArg the name looked up (what one would type after {@code ssh})
 * @param hostName the host to connect to: HostName with %h expanded, lowercased unless an address;
 *     the name looked up when no HostName applies
 * @param user User (or the one given from outside), null when unset
 * @param port Port (or the one given from outside), null when unset
 * @param identityFiles every IdentityFile that applied, in order, duplicates left out; raw
 * @param identitiesOnly IdentitiesOnly; false when unset
 * @param proxyJump ProxyJump as written ({@code none} included), null when unset
 * @param proxyCommand ProxyCommand as written when one applied (Rollout refuses it), else null
 * @param userKnownHostsFiles UserKnownHostsFile's files, null when unset
 * @param strictHostKeyChecking yes, no, ask or accept-new; null when unset
 * @param connectTimeoutSeconds ConnectTimeout, null when unset
 * @param serverAliveIntervalSeconds ServerAliveInterval, null when unset
 */
public record SshHostConfig(
    String hostArg,
    String hostName,
    String user,
    Integer port,
    List<Sourced> identityFiles,
    boolean identitiesOnly,
    String proxyJump,
    Sourced proxyCommand,
    Sourced userKnownHostsFiles,
    Sourced strictHostKeyChecking,
    Integer connectTimeoutSeconds,
    Integer serverAliveIntervalSeconds) {

  /** A value with the file and line it came from. */
  public record Sourced(String value, List<String> values, String file, int line) {
    Sourced(String value, String file, int line) {
      this(value, List.of(value), file, line);
    }

    @Override
    public String toString() {
      return value;
    }

    /** {@code file:line}, or the file alone for a value given from outside. */
    public String where() {
      return line > 0 ? file + ":" + line : file;
    }
  }
}
