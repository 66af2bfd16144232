package dev.rollout.transport.ssh;

import dev.rollout.transport.Causes;
import dev.rollout.transport.Endpoint;
import dev.rollout.transport.TransportException;
import dev.rollout.transport.TransportException.Reason;
import dev.rollout.transport.ssh.agent.AgentAuth;
import dev.rollout.transport.ssh.agent.AgentKey;
import dev.rollout.transport.ssh.agent.SshAgent;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import net.schmizz.sshj.DefaultConfig;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.common.DisconnectReason;
import net.schmizz.sshj.common.SSHRuntimeException;
import net.schmizz.sshj.transport.DisconnectListener;
import net.schmizz.sshj.userauth.UserAuthException;
import net.schmizz.sshj.userauth.keyprovider.KeyProvider;
import net.schmizz.sshj.userauth.method.AuthMethod;
import net.schmizz.sshj.userauth.method.AuthPublickey;

/** Opens and authenticates one SSH connection, once: retrying is the caller's business. */
final class Connector {

  /** SHA-1 signatures: never accepted from a server, never used for our own key. */
  private static final Set<String> REFUSED_KEY_ALGORITHMS = Set.of(
      "ssh-rsa", "ssh-dss", "ssh-rsa-cert-v01@openssh.com", "ssh-dss-cert-v01@openssh.com");

  /**
   * ServerAliveInterval when ssh_config does not set it (OpenSSH then sends none): a dead link or
   * a NAT entry about to expire is found within minutes, and a connection with traffic at least
   * this often (an ssh probe at the default 30 s) sends no keep-alive at all. It was 15 s: at
   * 1,000 probed connections their keep-alives cost a busy worker 2.4 % of a core
   * (bench/RESULTS.md).
   */
  private static final int KEEP_ALIVE_SECONDS = 60;

  private final SharedKeepAlive keepAlive = new SharedKeepAlive();
  private final DefaultConfig config = safeConfig(keepAlive);
  private final ConnectPolicy policy;
  private final ClientIdentity identity;
  private final Function<String, String> env;
  private final KnownHostsFiles knownHosts = new KnownHostsFiles();

  /** @param env where {@code SSH_AUTH_SOCK} is looked up */
  Connector(ConnectPolicy policy, ClientIdentity identity, Function<String, String> env) {
    this.policy = policy;
    this.identity = identity;
    this.env = env;
  }

  /** The known_hosts files read so far, each once. */
  KnownHostsFiles knownHosts() {
    return knownHosts;
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
    // before connect: sshj starts the keep-alive only when it is enabled at connect time
    client.getConnection().getKeepAlive().setKeepAliveInterval(
        endpoint.serverAliveInterval() == null ? KEEP_ALIVE_SECONDS
            : (int) Math.max(1, endpoint.serverAliveInterval().toSeconds()));
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
        throw handshakeFailure(endpoint, verifier, new IOException(Causes.message(e), e),
            dropped.get());
      }
      if (!cutOff.cancel()) {
        throw silent(endpoint, budget, null);
      }
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
      Path file = ClientIdentity.expandHome(endpoint.knownHosts());
      return new KnownHostsVerifier(file, knownHosts.of(file), endpoint.hostKeys());
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
        "cannot connect: " + Causes.words(e, target(endpoint)) + where, e);
  }

  /** {@code address:port}, as the failing connection's words name it. */
  private static String target(Endpoint endpoint) {
    String a = endpoint.address();
    return (a.contains(":") ? "[" + a + "]" : a) + ":" + endpoint.port();
  }

  private static boolean isNegotiationFailure(IOException e) {
    return String.valueOf(e.getMessage()).contains("Unable to reach a settlement");
  }

  /**
   * OpenSSH's order: the agent's keys (only those of the identity files under IdentitiesOnly),
   * then the identity files. A named file that cannot be read or decrypted is an error; a default
   * one is skipped.
   */
  private void authenticate(Endpoint endpoint, SSHClient client) throws TransportException {
    String where = " (" + endpoint.describe() + ")";
    List<Path> files = ClientIdentity.files(endpoint);
    List<String> tried = new ArrayList<>();
    try {
      Optional<SshAgent> agent = SshAgent.fromEnvironment(env);
      if (agent.isPresent()) {
        for (AgentKey key : agentKeys(agent.get(), endpoint, files, tried)) {
          if (tryAuth(client, endpoint.user(), new AgentAuth(agent.get(), key))) {
            return;
          }
          tried.add("agent key " + key);
        }
      }
      for (Path file : files) {
        KeyProvider key;
        try {
          key = identity.key(endpoint, file, client);
        } catch (TransportException e) {
          if (!endpoint.identities().isEmpty()) {
            throw e;
          }
          tried.add(file + " (skipped: " + e.getMessage() + ")");
          continue;
        }
        if (tryAuth(client, endpoint.user(), new AuthPublickey(key))) {
          return;
        }
        tried.add("public key " + file);
      }
    } catch (IOException e) {
      throw new TransportException(Reason.UNREACHABLE, endpoint.name(),
          "connection lost during authentication: " + Causes.words(e, target(endpoint)) + where,
          e);
    }
    if (tried.size() == 1 && tried.get(0).startsWith("public key ")) {
      throw new TransportException(Reason.AUTH_FAILED, endpoint.name(),
          tried.get(0) + " was refused for user " + endpoint.user() + where);
    }
    throw new TransportException(Reason.AUTH_FAILED, endpoint.name(), tried.isEmpty()
        ? "no key to offer for user " + endpoint.user() + ": no ssh-agent (SSH_AUTH_SOCK) and"
            + " none of ~/.ssh/id_rsa, id_ecdsa, id_ed25519 exists; set identity" + where
        : "no key was accepted for user " + endpoint.user() + "; tried: "
            + String.join(", ", tried) + where);
  }

  private static boolean tryAuth(SSHClient client, String user, AuthMethod method)
      throws IOException {
    try {
      client.auth(user, method);
      return true;
    } catch (UserAuthException e) {
      return false;
    }
  }

  private static List<AgentKey> agentKeys(SshAgent agent, Endpoint endpoint, List<Path> files,
      List<String> tried) {
    List<AgentKey> keys;
    try {
      keys = agent.keys();
    } catch (IOException e) {
      tried.add("ssh-agent at " + agent.socket() + " (unusable: " + e.getMessage() + ")");
      return List.of();
    }
    if (!endpoint.identitiesOnly()) {
      return keys;
    }
    List<byte[]> mine = files.stream().map(ClientIdentity::publicBlob)
        .flatMap(Optional::stream).toList();
    return keys.stream().filter(k -> mine.stream().anyMatch(k::sameKey)).toList();
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

  /** How many keep-alive requests the connections sent so far (a test seam). */
  long keepAliveRequests() {
    return keepAlive.requestsSent();
  }

  /** Stops keeping connections alive (the transport closes them itself). */
  void close() {
    keepAlive.close();
  }

  private static DefaultConfig safeConfig(SharedKeepAlive keepAlive) {
    DefaultConfig config = new DefaultConfig();
    config.setKeyAlgorithms(config.getKeyAlgorithms().stream()
        .filter(f -> !REFUSED_KEY_ALGORITHMS.contains(f.getName()))
        .toList());
    config.setKeepAliveProvider(keepAlive);
    return config;
  }
}
