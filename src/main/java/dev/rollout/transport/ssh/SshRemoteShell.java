package dev.rollout.transport.ssh;

import dev.rollout.transport.CommandResult;
import dev.rollout.transport.Endpoint;
import dev.rollout.transport.RemoteShell;
import dev.rollout.transport.SendGate;
import dev.rollout.transport.SudoPassword;
import dev.rollout.transport.TransportException;
import dev.rollout.transport.TransportException.Reason;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.channel.OpenFailException;
import net.schmizz.sshj.connection.channel.direct.Session;
import net.schmizz.sshj.connection.channel.direct.Signal;

/**
 * Runs each command in its own session channel on the host's shared {@link SshConnection}. Output
 * is drained by two reader tasks while this thread waits on sshj's own timeout.
 */
final class SshRemoteShell implements RemoteShell {

  private static final Duration DRAIN_WAIT = Duration.ofSeconds(5);
  private static final Duration SUDO_PROOF_TIMEOUT = Duration.ofSeconds(30);
  /** Exit code reported when the remote command was ended by a signal, as OpenSSH's client does. */
  static final int KILLED_BY_SIGNAL = 255;

  private final Endpoint endpoint;
  private final SshConnection connection;
  private final ExecutorService readers;
  private final SendGate gate;

  SshRemoteShell(Endpoint endpoint, SshConnection connection, ExecutorService readers,
      SendGate gate) {
    this.endpoint = endpoint;
    this.connection = connection;
    this.readers = readers;
    this.gate = gate;
  }

  @Override
  public String hostName() {
    return endpoint.name();
  }

  @Override
  public void connect() throws TransportException {
    connection.client();
  }

  @Override
  public CommandResult run(String command, Duration timeout) throws TransportException {
    SudoPassword password = endpoint.become() ? endpoint.sudoPassword() : null;
    String line = password == null ? ChannelLeash.wrap(command, endpoint.become())
        : ChannelLeash.wrapWithSudoPassword(command);
    long start = System.nanoTime();
    connection.hold();
    try {
      return run(line, password, timeout, start);
    } finally {
      connection.unhold();
    }
  }

  private CommandResult run(String line, SudoPassword password, Duration timeout, long start)
      throws TransportException {
    Opened opened = openSession();
    try {
      CommandResult result = execute(opened, line, password, timeout, start);
      if (password != null && SudoRefusal.refusedPassword(result)) {
        throw failure(Reason.SUDO_PASSWORD_REFUSED, SudoRefusal.describeRefused(endpoint), null);
      }
      if (endpoint.become() && SudoRefusal.matches(result)) {
        throw failure(Reason.SUDO_PASSWORD_REQUIRED, SudoRefusal.describe(endpoint), null);
      }
      return result;
    } finally {
      closeQuietly(opened.session());
    }
  }

  /**
   * With a sudo password, proves it before any change: {@code true} through sudo. A wrong
   * password is then a preflight failure naming the host, not a failed change step whose
   * rollback would fail the same way.
   */
  @Override
  public Optional<String> proveCommandsRun() throws TransportException {
    if (!endpoint.become() || endpoint.sudoPassword() == null) {
      return Optional.empty();
    }
    CommandResult r = run("true", SUDO_PROOF_TIMEOUT);
    if (r.succeeded()) {
      return Optional.empty();
    }
    String err = r.stderr().strip();
    return Optional.of("sudo on " + endpoint.name() + " did not run a command with the password"
        + " from $" + endpoint.sudoPassword().env() + (r.timedOut()
            ? ": no answer within " + SUDO_PROOF_TIMEOUT.toSeconds() + "s"
            : ": exit " + r.exitCode() + (err.isEmpty() ? ""
                : ": " + err.substring(Math.max(0, err.length() - 300)))));
  }

  /** A session channel and the client it was opened on. */
  private record Opened(SSHClient client, Session session) {}

  /**
   * Opens a session channel. sshj may still call a dropped connection connected and then throw
   * {@code IllegalStateException("Not connected")} or an IOException: nothing has run yet, so the
   * connection is opened again, once.
   */
  private Opened openSession() throws TransportException {
    SSHClient client = connection.client();
    try {
      return new Opened(client, client.startSession());
    } catch (IOException | RuntimeException e) {
      if (refusedOnLiveConnection(client, e)) {
        throw failure(Reason.UNREACHABLE, "the server refused a session: " + e, e);
      }
      connection.discard(client);
    }
    SSHClient fresh = connection.client();
    try {
      return new Opened(fresh, fresh.startSession());
    } catch (IOException | RuntimeException again) {
      connection.discard(fresh);
      if (connection.isClosed()) {
        throw connection.closedFailure();
      }
      throw failure(Reason.UNREACHABLE, "cannot open a session: " + again, again);
    }
  }

  /** The server said no to the channel (MaxSessions) on a connection other commands still use. */
  private static boolean refusedOnLiveConnection(SSHClient client, Exception e) {
    return e instanceof OpenFailException && client.isConnected();
  }

  private CommandResult execute(Opened opened, String line, SudoPassword password,
      Duration timeout, long start) throws TransportException {
    Session.Command cmd;
    gate.admit(endpoint.name());
    try {
      cmd = opened.session().exec(line);
      if (password != null) {
        sendPassword(cmd, password);
      }
    } catch (IOException | RuntimeException e) {
      throw lost(opened, "connection lost while starting the command: " + e, e);
    }
    OutputTail out = new OutputTail(cmd.getInputStream(), CommandResult.MAX_OUTPUT);
    OutputTail err = new OutputTail(cmd.getErrorStream(), CommandResult.MAX_OUTPUT);
    Future<?> outDone;
    Future<?> errDone;
    try {
      outDone = readers.submit(out);
      errDone = readers.submit(err);
    } catch (RejectedExecutionException e) {
      throw connection.closedFailure();
    }
    boolean ended = awaitEnd(opened, cmd, timeout);
    if (!ended) {
      stop(cmd);
    }
    awaitDrained(outDone, errDone);
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    int exit = ended ? exitCode(opened, cmd) : -1;
    return new CommandResult(exit, out.text(), err.text(), took, !ended);
  }

  /**
   * The command started and its connection failed: its outcome is unknown. The client is
   * discarded when sshj says it is gone, so the next command connects again; or CLOSED when this
   * controller closed it.
   */
  private TransportException lost(Opened opened, String what, Throwable cause) {
    if (connection.isClosed()) {
      return connection.closedFailure();
    }
    if (!opened.client().isConnected() || !opened.client().isAuthenticated()) {
      connection.discard(opened.client());
    }
    return failure(Reason.OUTCOME_UNKNOWN, what, cause);
  }

  /**
   * The password as the first line of the command's stdin, which then stays open: the leash
   * watches it for the channel's end.
   */
  private static void sendPassword(Session.Command cmd, SudoPassword password)
      throws IOException {
    OutputStream in = cmd.getOutputStream();
    in.write((password.value() + "\n").getBytes(StandardCharsets.UTF_8));
    in.flush();
  }

  /** True when the command ended; false on timeout; throws when the connection dropped. */
  private boolean awaitEnd(Opened opened, Session.Command cmd, Duration timeout)
      throws TransportException {
    try {
      cmd.join(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
      return true;
    } catch (IOException | RuntimeException e) {
      if (causedByTimeout(e) && connection.isOpen()) {
        return false;
      }
      throw lost(opened,
          "connection dropped while the command ran; it may or may not have had its effect: " + e,
          e);
    }
  }

  private int exitCode(Opened opened, Session.Command cmd) throws TransportException {
    Integer status = cmd.getExitStatus();
    if (status != null) {
      return status;
    }
    if (cmd.getExitSignal() != null) {
      return KILLED_BY_SIGNAL;
    }
    throw lost(opened, "the command ended without an exit status", null);
  }

  /** Ends a timed-out command: KILL for servers that honour signals, then close the channel. */
  private static void stop(Session.Command cmd) {
    try {
      cmd.signal(Signal.KILL);
    } catch (IOException | RuntimeException e) {
      // closing the channel below is the fallback
    }
    try {
      cmd.close();
    } catch (IOException | RuntimeException e) {
      // the channel is gone either way
    }
  }

  private static void awaitDrained(Future<?>... readers) {
    for (Future<?> reader : readers) {
      try {
        reader.get(DRAIN_WAIT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        reader.cancel(true);
      } catch (Exception e) {
        // keep what the reader collected
      }
    }
  }

  private static boolean causedByTimeout(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof TimeoutException) {
        return true;
      }
    }
    return false;
  }

  private static void closeQuietly(Session session) {
    try {
      session.close();
    } catch (IOException | RuntimeException e) {
      // the command has ended; a failed close leaves nothing to undo
    }
  }

  private TransportException failure(Reason reason, String what, Throwable cause) {
    return new TransportException(
        reason, endpoint.name(), what + " (" + endpoint.describe() + ")", cause);
  }

  @Override
  public void close() {
    // the connection belongs to the transport, which closes it at the end of the run
  }
}
