package dev.rollout.transport.ssh;

import dev.rollout.transport.Endpoint;
import dev.rollout.transport.TransportException;
import dev.rollout.transport.TransportException.Reason;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.net.UnknownHostException;
import net.schmizz.sshj.SSHClient;

/**
 * The one connection to one host for the whole run: opened on first use, shared by every command
 * (each in its own session channel), re-opened when it dropped. A host reached through a jump host
 * asks the jump host's connection for a tunnel, so the jump host's connection is shared too.
 */
final class SshConnection {

  private final Endpoint endpoint;
  private final SshConnection jump;
  private final Connector connector;
  private final Retry retry;
  private SSHClient client;
  private boolean closed;

  SshConnection(Endpoint endpoint, SshConnection jump, Connector connector, ConnectPolicy policy) {
    this.endpoint = endpoint;
    this.jump = jump;
    this.connector = connector;
    this.retry = Retry.of(endpoint.name(), retryConfig(policy));
  }

  Endpoint endpoint() {
    return endpoint;
  }

  /** The open, authenticated client; connects (with retries) when there is none. */
  synchronized SSHClient client() throws TransportException {
    if (closed) {
      throw closedFailure();
    }
    if (client != null && client.isConnected() && client.isAuthenticated()) {
      return client;
    }
    Connector.closeQuietly(client);
    client = null;
    client = connectWithRetry();
    return client;
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

  /** True once the transport closed this connection for good. */
  synchronized boolean isClosed() {
    return closed;
  }

  /** The failure every command gets once this controller closed the transport. */
  TransportException closedFailure() {
    return new TransportException(Reason.CLOSED, endpoint.name(),
        "the connection was closed by this controller, which is shutting down ("
            + endpoint.describe() + ")");
  }

  synchronized void close() {
    closed = true;
    Connector.closeQuietly(client);
    client = null;
  }

  private SSHClient connectWithRetry() throws TransportException {
    try {
      return Retry.decorateCheckedSupplier(retry, this::connectOnce).get();
    } catch (TransportException e) {
      if (isTransient(e)) {
        throw new TransportException(e.reason(), e.host(), e.getMessage() + "; gave up after "
            + retry.getRetryConfig().getMaxAttempts() + " attempts", e.getCause());
      }
      throw e;
    } catch (Throwable e) {
      throw new TransportException(Reason.UNREACHABLE, endpoint.name(),
          "cannot connect: " + e + " (" + endpoint.describe() + ")", e);
    }
  }

  private SSHClient connectOnce() throws TransportException {
    return connector.open(endpoint, jump == null ? null : jumpClient());
  }

  private SSHClient jumpClient() throws TransportException {
    try {
      return jump.client();
    } catch (TransportException e) {
      throw new TransportException(e.reason(), endpoint.name(), "cannot reach jump host "
          + jump.endpoint().name() + ": " + e.getMessage() + " (" + endpoint.describe() + ")", e);
    }
  }

  private static RetryConfig retryConfig(ConnectPolicy policy) {
    return RetryConfig.custom()
        .maxAttempts(policy.attempts())
        .intervalFunction(IntervalFunction.ofExponentialRandomBackoff(policy.backoff(), 2.0, 0.5))
        .retryOnException(SshConnection::isTransient)
        .build();
  }

  /** Refused, reset or timed out: worth another attempt. A rejected key or login never is. */
  private static boolean isTransient(Throwable e) {
    return e instanceof TransportException te
        && te.reason() == Reason.UNREACHABLE
        && !(te.getCause() instanceof UnknownHostException)
        && !(te.getCause() instanceof TransportException);
  }
}
