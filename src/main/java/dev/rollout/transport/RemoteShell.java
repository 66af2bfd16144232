package dev.rollout.transport;

import java.time.Duration;
import java.util.Optional;

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

  /**
   * Proves that a command given to this shell really runs. A container or console path runs a
   * marker command through its wrap and looks for the marker in the output, so a wrap that exits 0
   * without running anything ({@code sh -c}) is found before any change. A plain SSH shell has
   * nothing to prove.
   *
   * @return empty when proven; else why not, in a sentence naming the wrap
   * @throws TransportException when the carrier cannot be reached
   */
  default Optional<String> proveCommandsRun() throws TransportException {
    return Optional.empty();
  }

  @Override
  void close();
}
