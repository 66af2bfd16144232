package dev.rollout.cli;

import dev.rollout.transport.CommandResult;
import dev.rollout.transport.Endpoint;
import dev.rollout.transport.RemoteShell;
import dev.rollout.transport.SendGate;
import dev.rollout.transport.Transport;
import dev.rollout.transport.TransportException;
import java.time.Duration;
import java.util.Optional;

/**
 * The transport of a driven run, refusing every host command once this controller's lease on the
 * run is no longer current ({@link LeaseKeeper}): a controller frozen past its lease, then thawed,
 * runs not one more command after another took the run over. A refused command is {@link
 * TransportException.Reason#CLOSED}: a fact about this controller, never about the host. The
 * lease is asked before a shell connects and again, through {@link #gate}, by the SSH transport
 * right before each command is sent, so a controller frozen while it opened a channel does not
 * send that command once thawed.
 */
final class FencedTransport implements Transport {

  private final Transport transport;
  private final LeaseKeeper lease;
  private final java.util.Map<RemoteShell, RemoteShell> shells = new java.util.IdentityHashMap<>();

  FencedTransport(Transport transport, LeaseKeeper lease) {
    this.transport = transport;
    this.lease = lease;
  }

  /** The gate the SSH transport under this one asks right before it sends a command. */
  static SendGate gate(LeaseKeeper lease) {
    return host -> refuseUnlessCurrent(lease, host);
  }

  private static void refuseUnlessCurrent(LeaseKeeper lease, String host)
      throws TransportException {
    if (!lease.current()) {
      throw new TransportException(TransportException.Reason.CLOSED, host,
          "this controller no longer holds the run's lease (another took it over, or the "
          + "state store cannot confirm it); no command was sent to " + host);
    }
  }

  @Override
  public RemoteShell shell(Endpoint endpoint) {
    return fenced(transport.shell(endpoint));
  }

  @Override
  public RemoteShell wrapped(String name, Endpoint carrier, String wrap) {
    return fenced(transport.wrapped(name, carrier, wrap));
  }

  /** One fenced shell per shell of the transport, as the transport hands out one per host. */
  private synchronized RemoteShell fenced(RemoteShell s) {
    return shells.computeIfAbsent(s, Shell::new);
  }

  @Override
  public void release(Endpoint endpoint) {
    transport.release(endpoint);
  }

  @Override
  public void close() {
    transport.close();
  }

  private final class Shell implements RemoteShell {

    private final RemoteShell shell;

    Shell(RemoteShell shell) {
      this.shell = shell;
    }

    private void check() throws TransportException {
      refuseUnlessCurrent(lease, shell.hostName());
    }

    @Override
    public String hostName() {
      return shell.hostName();
    }

    @Override
    public CommandResult run(String command, Duration timeout) throws TransportException {
      check();
      return shell.run(command, timeout);
    }

    @Override
    public void connect() throws TransportException {
      check();
      shell.connect();
    }

    @Override
    public Optional<String> proveCommandsRun() throws TransportException {
      check();
      return shell.proveCommandsRun();
    }

    @Override
    public void close() {
      shell.close();
    }
  }
}
