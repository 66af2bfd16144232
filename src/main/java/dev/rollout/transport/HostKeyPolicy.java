package dev.rollout.transport;

/** How an unknown host key is treated. There is deliberately no policy that trusts any key. */
public enum HostKeyPolicy {
  /** The key must be in known_hosts; an unknown or changed key is refused. */
  STRICT,
  /**
   * Like OpenSSH's {@code StrictHostKeyChecking=accept-new}: a host never seen before has its key
   * recorded in known_hosts; a changed key is refused.
   */
  ACCEPT_NEW
}
