package dev.rollout.transport;

/**
 * Hands out one {@link RemoteShell} per host for a whole run and closes them all at the end.
 * Hosts reached through the same jump host or carrying several containers share one connection.
 */
public interface Transport extends AutoCloseable {

  /** The shell of a host reached over SSH; the same instance for the same endpoint name. */
  RemoteShell shell(Endpoint endpoint);

  /**
   * A shell that runs each command as {@code WRAP sh -c '<command>'} on {@code carrier}: a container
   * ({@code docker exec web-1}, {@code pct exec 101 --}) or a console path. {@code wrap} is split
   * into words by shell quoting rules ({@link Wrap#parse}) and each word is shell-quoted again, so a
   * hostile wrap cannot inject a command.
   *
   * @throws IllegalArgumentException when {@code wrap} does not parse (validation refuses such an
   *     inventory before any shell is made)
   */
  RemoteShell wrapped(String name, Endpoint carrier, String wrap);

  /**
   * Closes the connection of {@code endpoint} once no command runs on it; the next command opens
   * it again. A connection other connections are tunnelled through is left open. The default
   * keeps every connection until {@link #close()}.
   */
  default void release(Endpoint endpoint) {
  }

  @Override
  void close();
}
