package dev.rollout.transport;

import java.time.Duration;

/**
 * Runs commands on one host (or container). Implementations keep one connection for the whole run,
 * reuse it for every command and re-open it when it dropped. Safe for use from several threads.
 */
public interface RemoteShell extends AutoCloseable {

  /** The inventory name of the host this shell reaches. */
  String hostName();

  /**
   * Runs {@code command} with {@code /bin/sh -c} semantics on the host and waits for it.
   *
   * @param command the shell command, already fully quoted by the caller
   * @param timeout after this the remote command is ended and the result has {@code timedOut}
   * @return the result; a non-zero exit code is a result, not an exception
   * @throws TransportException when the host cannot be reached, refuses authentication or its host
   *     key, or the connection dropped while the command ran ({@link
   *     TransportException.Reason#OUTCOME_UNKNOWN}: the command may or may not have run, it is never
   *     re-run silently)
   */
  CommandResult run(String command, Duration timeout) throws TransportException;

  /** Opens the connection now if it is not open, so that preflight can prove reachability. */
  void connect() throws TransportException;

  @Override
  void close();
}
