package dev.rollout.transport.ssh;

import dev.rollout.transport.Endpoint;
import dev.rollout.transport.TransportException;
import dev.rollout.transport.TransportException.Reason;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import net.schmizz.sshj.DefaultConfig;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.common.DisconnectReason;
import net.schmizz.sshj.common.SSHRuntimeException;
import net.schmizz.sshj.transport.DisconnectListener;
import net.schmizz.sshj.userauth.UserAuthException;

/** Opens and authenticates one SSH connection, once: retrying is the caller's business. */
final class Connector {

  /** SHA-1 signatures: never accepted from a server, never used for our own key. */
  private static final Set<String> REFUSED_KEY_ALGORITHMS = Set.of(
      "ssh-rsa", "ssh-dss", "ssh-rsa-cert-v01@openssh.com", "ssh-dss-cert-v01@openssh.com");

  private static final int KEEP_ALIVE_SECONDS = 15;

  private final DefaultConfig config = safeConfig();
  private final ConnectPolicy policy;
  private final ClientIdentity identity;

  Connector(ConnectPolicy policy, ClientIdentity identity) {
    this.policy = policy;
    this.identity = identity;
  }

  /** The names of the host key and signature algorithms this client accepts. */
  List<String> keyAlgorithms() {
    return config.getKeyAlgorithms().stream().map(f -> f.getName()).toList();
  }

  /**
   * Connects to {@code endpoint} directly, or through {@code jump} when it is not null, within
   * {@code budget}: when the TCP connect, the SSH handshake and authentication have not all ended
   * by then, the attempt is cut off (a host that accepts and then says nothing, a silently dropped
   * tunnel).
   *
   * @param connecting holds the client while this attempt is under way, so that closing the
   *     transport can cut it short
   * @throws TransportException UNREACHABLE (transient, worth retrying), HOST_KEY_REJECTED or
   *     AUTH_FAILED
   */
  SSHClient open(Endpoint endpoint, SSHClient jump, Duration budget,
      AtomicReference<SSHClient> connecting) throws TransportException {
    if (budget.toMillis() < 1) {
      throw new TransportException(Reason.UNREACHABLE, endpoint.name(), "no time left within the"
          + " connect deadline (" + endpoint.describe() + ")");
    }
    SSHClient client = new SSHClient(config);
    client.setConnectTimeout((int) Math.min(Integer.MAX_VALUE, budget.toMillis()));
    client.getTransport().setTimeoutMs((int) policy.deadlineFor(endpoint).toMillis());
    AtomicReference<DisconnectReason> dropped = watchDisconnect(client);
    connecting.set(client);
    Deadline cutOff = Deadline.start(budget, () -> closeQuietly(client));
    try {
      KnownHostsVerifier verifier = verifier(endpoint);
      client.addHostKeyVerifier(verifier);
      try {
        handshake(endpoint, client, jump, verifier, dropped);
        authenticate(endpoint, client);
      } catch (IllegalStateException | SSHRuntimeException e) {
        // sshj: "Not connected", or a broken packet. The transport died right after connect()
        // returned, e.g. when the server ended the key exchange: classify it by why it died.
        throw handshakeFailure(endpoint, verifier, new IOException(String.valueOf(e), e),
            dropped.get());
      }
      if (!cutOff.cancel()) {
        throw silent(endpoint, budget, null);
      }
      client.getConnection().getKeepAlive().setKeepAliveInterval(KEEP_ALIVE_SECONDS);
      return client;
    } catch (TransportException e) {
      closeQuietly(client);
      // cut off by the deadline: whatever sshj made of the closed socket, the host was silent
      throw cutOff.cancel() ? e : silent(endpoint, budget, e.getCause());
    } finally {
      cutOff.cancel();
      connecting.compareAndSet(client, null);
    }
  }

  private static TransportException silent(Endpoint endpoint, Duration budget, Throwable cause) {
    return new TransportException(Reason.UNREACHABLE, endpoint.name(), "no SSH answer before the"
        + " connect deadline, " + SshConnection.seconds(budget) + " after this attempt began (the"
        + " host or its network may drop packets silently) (" + endpoint.describe() + ")", cause);
  }

  /** Remembers the first reason the transport gives for dying, beside what it did before. */
  private static AtomicReference<DisconnectReason> watchDisconnect(SSHClient client) {
    AtomicReference<DisconnectReason> dropped = new AtomicReference<>();
    DisconnectListener before = client.getTransport().getDisconnectListener();
    client.getTransport().setDisconnectListener((reason, message) -> {
      dropped.compareAndSet(null, reason);
      if (before != null) {
        before.notifyDisconnect(reason, message);
      }
    });
    return dropped;
  }

  private KnownHostsVerifier verifier(Endpoint endpoint) throws TransportException {
    try {
      return new KnownHostsVerifier(
          ClientIdentity.expandHome(endpoint.knownHosts()), endpoint.hostKeys());
    } catch (IOException e) {
      throw new TransportException(Reason.HOST_KEY_REJECTED, endpoint.name(),
          "cannot read known_hosts " + endpoint.knownHosts() + ": " + e.getMessage() + " ("
              + endpoint.describe() + ")", e);
    }
  }

  private void handshake(Endpoint endpoint, SSHClient client, SSHClient jump,
      KnownHostsVerifier verifier, AtomicReference<DisconnectReason> dropped)
      throws TransportException {
    try {
      if (jump == null) {
        client.connect(endpoint.address(), endpoint.port());
      } else {
        client.connectVia(jump.newDirectConnection(endpoint.address(), endpoint.port()));
      }
    } catch (IOException e) {
      throw handshakeFailure(endpoint, verifier, e, dropped.get());
    }
  }

  /**
   * Why a connection could not be set up: the host key (refused by us, or no algorithm in common)
   * or else unreachable. {@code observed} is the reason the transport died with, if it said one.
   */
  private static TransportException handshakeFailure(
      Endpoint endpoint, KnownHostsVerifier verifier, IOException e, DisconnectReason observed) {
    String where = " (" + endpoint.describe() + ")";
    if (verifier.rejection().isPresent()) {
      String what = verifier.rejection().get().describe(endpoint.name());
      return new TransportException(Reason.HOST_KEY_REJECTED, endpoint.name(), what + where, e);
    }
    DisconnectReason reason = e instanceof net.schmizz.sshj.transport.TransportException te
        ? te.getDisconnectReason() : DisconnectReason.UNKNOWN;
    if (reason == DisconnectReason.UNKNOWN && observed != null) {
      reason = observed;
    }
    if (reason == DisconnectReason.HOST_KEY_NOT_VERIFIABLE) {
      return new TransportException(Reason.HOST_KEY_REJECTED, endpoint.name(),
          "host key of " + endpoint.name() + " could not be verified" + where, e);
    }
    if (reason == DisconnectReason.KEY_EXCHANGE_FAILED || isNegotiationFailure(e)) {
      return new TransportException(Reason.HOST_KEY_REJECTED, endpoint.name(),
          "key exchange failed: no host key algorithm in common (SHA-1 ssh-rsa and ssh-dss are"
              + " refused): " + e.getMessage() + where, e);
    }
    return new TransportException(Reason.UNREACHABLE, endpoint.name(),
        "cannot connect: " + e + where, e);
  }

  private static boolean isNegotiationFailure(IOException e) {
    return String.valueOf(e.getMessage()).contains("Unable to reach a settlement");
  }

  private void authenticate(Endpoint endpoint, SSHClient client) throws TransportException {
    String where = " (" + endpoint.describe() + ")";
    try {
      client.authPublickey(endpoint.user(), identity.key(endpoint, client));
    } catch (UserAuthException e) {
      throw new TransportException(Reason.AUTH_FAILED, endpoint.name(), "public key "
          + endpoint.identity() + " was refused for user " + endpoint.user() + where, e);
    } catch (IOException e) {
      throw new TransportException(Reason.UNREACHABLE, endpoint.name(),
          "connection lost during authentication: " + e + where, e);
    }
  }

  static void closeQuietly(SSHClient client) {
    if (client == null) {
      return;
    }
    try {
      client.close();
    } catch (IOException | RuntimeException e) {
      // already broken; nothing left to release
    }
  }

  private static DefaultConfig safeConfig() {
    DefaultConfig config = new DefaultConfig();
    config.setKeyAlgorithms(config.getKeyAlgorithms().stream()
        .filter(f -> !REFUSED_KEY_ALGORITHMS.contains(f.getName()))
        .toList());
    config.setKeepAliveProvider(net.schmizz.keepalive.KeepAliveProvider.KEEP_ALIVE);
    return config;
  }
}
