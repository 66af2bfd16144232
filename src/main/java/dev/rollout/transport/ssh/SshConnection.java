package dev.rollout.transport.ssh;

import dev.rollout.transport.Endpoint;
import dev.rollout.transport.TransportException;
import dev.rollout.transport.TransportException.Reason;
import io.github.resilience4j.core.IntervalFunction;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import net.schmizz.sshj.SSHClient;

/**
 * The one connection to one host for the whole run: opened on first use, shared by every command
 * (each in its own session channel), re-opened when it dropped. A host reached through a jump host
 * asks the jump host's connection for a tunnel, so the jump host's connection is shared too.
 *
 * <p>Opening is bounded by the host's connect deadline, attempts included. Callers that wait while
 * an attempt is under way get its verdict instead of trying again one after another, so every host
 * behind a dead jump host hears of it at once.
 */
final class SshConnection {

  /** How long a failed verdict stands for callers that arrive just after it was given. */
  private static final Duration VERDICT_STANDS = Duration.ofSeconds(1);

  private final Endpoint endpoint;
  private final SshConnection jump;
  private final Connector connector;
  private final ConnectPolicy policy;
  private final Duration deadline;
  private final IntervalFunction backoff;
  private final AtomicReference<SSHClient> connecting = new AtomicReference<>();
  private volatile boolean closed;
  private volatile long verdicts;
  private SSHClient client;
  /** Commands running on this connection now (guarded by this). */
  private int inUse;
  private TransportException lastFailure;
  private long lastFailureAt;

  SshConnection(Endpoint endpoint, SshConnection jump, Connector connector, ConnectPolicy policy) {
    this.endpoint = endpoint;
    this.jump = jump;
    this.connector = connector;
    this.policy = policy;
    this.deadline = policy.deadlineFor(endpoint);
    this.backoff = IntervalFunction.ofExponentialRandomBackoff(policy.backoff(), 2.0, 0.5);
  }

  Endpoint endpoint() {
    return endpoint;
  }

  /** The open, authenticated client; connects (within the deadline) when there is none. */
  SSHClient client() throws TransportException {
    long seen = verdicts;
    synchronized (this) {
      if (closed) {
        throw closedFailure();
      }
      if (isOpen()) {
        return client;
      }
      if (lastFailure != null && (verdicts != seen || System.nanoTime() - lastFailureAt
          < VERDICT_STANDS.toNanos())) {
        throw lastFailure;
      }
      Connector.closeQuietly(client);
      client = null;
      try {
        client = connectWithinDeadline();
        lastFailure = null;
        return client;
      } catch (TransportException e) {
        lastFailure = e;
        lastFailureAt = System.nanoTime();
        throw e;
      } finally {
        verdicts++;
      }
    }
  }

  /** True while the connection is open, without trying to open it. */
  synchronized boolean isOpen() {
    return client != null && client.isConnected() && client.isAuthenticated();
  }

  /**
   * Closes {@code broken} when it is still this connection's client, so that the next command
   * connects again at once instead of trusting sshj's view that it is still connected (which lags
   * behind a dropped socket).
   */
  synchronized void discard(SSHClient broken) {
    if (client == broken && broken != null) {
      Connector.closeQuietly(client);
      client = null;
    }
  }

  /** A command starts on this connection: {@link #closeIfIdle} leaves it open until it ends. */
  synchronized void hold() {
    inUse++;
  }

  /** The command that {@link #hold} announced has ended. */
  synchronized void unhold() {
    inUse--;
  }

  /**
   * Closes the client when no command runs on it; unlike {@link #close()} the next command opens
   * the connection again.
   */
  synchronized void closeIfIdle() {
    if (inUse == 0 && client != null) {
      Connector.closeQuietly(client);
      client = null;
    }
  }

  /** True once the transport closed this connection for good. */
  boolean isClosed() {
    return closed;
  }

  /** The failure every command gets once this controller closed the transport. */
  TransportException closedFailure() {
    return new TransportException(Reason.CLOSED, endpoint.name(),
        "the connection was closed by this controller, which is shutting down ("
            + endpoint.describe() + ")");
  }

  /** Closes the connection for good; an attempt under way is cut short. */
  void close() {
    closed = true;
    Connector.closeQuietly(connecting.get());
    synchronized (this) {
      Connector.closeQuietly(client);
      client = null;
    }
  }

  /**
   * Attempts until one succeeds, a failure is not transient, the attempts are used up or the
   * deadline passed. The deadline starts once the jump host (if any) answered: its own deadline
   * bounds it.
   */
  private SSHClient connectWithinDeadline() throws TransportException {
    SSHClient via = jump == null ? null : jumpClient();
    long end = System.nanoTime() + deadline.toNanos();
    for (int attempt = 1; ; attempt++) {
      try {
        return connector.open(endpoint, via, Duration.ofNanos(end - System.nanoTime()),
            connecting);
      } catch (TransportException e) {
        if (closed) {
          throw closedFailure();
        }
        if (!isTransient(e)) {
          throw e;
        }
        long wait = backoff.apply(attempt);
        if (attempt >= policy.attempts() || System.nanoTime() + ms(wait) >= end) {
          throw gaveUp(e, attempt);
        }
        pause(wait, e);
      }
    }
  }

  private TransportException gaveUp(TransportException e, int attempts) {
    return new TransportException(e.reason(), e.host(), e.getMessage() + "; gave up after "
        + attempts + (attempts == 1 ? " attempt" : " attempts") + " within the connect deadline of "
        + seconds(deadline), e.getCause());
  }

  private void pause(long millis, TransportException failure) throws TransportException {
    try {
      TimeUnit.MILLISECONDS.sleep(millis);
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
      throw failure;
    }
  }

  private SSHClient jumpClient() throws TransportException {
    try {
      return jump.client();
    } catch (TransportException e) {
      if (e.closedByController()) {
        throw closedFailure();
      }
      throw new TransportException(e.reason(), endpoint.name(), "cannot reach jump host "
          + jump.endpoint().name() + ": " + e.getMessage() + " (" + endpoint.describe() + ")", e);
    }
  }

  /** Refused, reset or timed out: worth another attempt. A rejected key or login never is. */
  private static boolean isTransient(TransportException e) {
    return e.reason() == Reason.UNREACHABLE
        && !(e.getCause() instanceof UnknownHostException)
        && !(e.getCause() instanceof TransportException);
  }

  private static long ms(long millis) {
    return TimeUnit.MILLISECONDS.toNanos(millis);
  }

  static String seconds(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
  }
}
