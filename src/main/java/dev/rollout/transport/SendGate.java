package dev.rollout.transport;

/**
 * Asked at the last moment before a command's bytes leave the controller, after its channel is
 * open: a controller that was frozen (SIGSTOP, a long pause) while it opened the channel learns
 * here that it may no longer act, and the command is never sent.
 */
@FunctionalInterface
public interface SendGate {

  /** Lets every command through. */
  SendGate OPEN = host -> { };

  /**
   * Returns when a command may be sent to {@code host} now.
   *
   * @throws TransportException {@link TransportException.Reason#CLOSED} when it may not
   */
  void admit(String host) throws TransportException;
}
