package dev.rollout.transport.ssh;

import dev.rollout.transport.Endpoint;
import dev.rollout.transport.RemoteShell;
import dev.rollout.transport.SendGate;
import dev.rollout.transport.Transport;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The SSH transport: one sshj connection per endpoint name for the whole run, opened lazily,
 * shared by every command on that host and by every host that jumps through it, re-opened when it
 * dropped. Safe for use from many threads.
 */
public final class SshTransport implements Transport {

  /** Output readers copy bytes from a stream: a shallow stack. */
  private static final long OUTPUT_STACK = 256 * 1024;

  private final ConnectPolicy policy;
  private final Connector connector;
  private final Map<String, SshConnection> connections = new ConcurrentHashMap<>();
  private final Map<String, RemoteShell> shells = new ConcurrentHashMap<>();
  /** Endpoint names that other connections are tunnelled through: never released. */
  private final Set<String> jumps = ConcurrentHashMap.newKeySet();
  private final ExecutorService readers = Executors.newCachedThreadPool(daemonThreads());
  private final SendGate gate;
  private volatile boolean closed;

  /** The default policy, passphrases from the process environment. */
  public SshTransport() {
    this(SendGate.OPEN);
  }

  /** As {@link #SshTransport()}, asking {@code gate} right before each command is sent. */
  public SshTransport(SendGate gate) {
    this(ConnectPolicy.DEFAULT, System::getenv, gate);
  }

  /**
   * @param policy connection attempts, backoff and connect timeout
   * @param env looks up an environment variable (for key passphrases); {@code System::getenv}
   */
  public SshTransport(ConnectPolicy policy, Function<String, String> env) {
    this(policy, env, SendGate.OPEN);
  }

  /** As {@link #SshTransport(ConnectPolicy, Function)}, asking {@code gate} before each send. */
  public SshTransport(ConnectPolicy policy, Function<String, String> env, SendGate gate) {
    this.policy = policy;
    this.connector = new Connector(policy, new ClientIdentity(env), env);
    this.gate = gate;
  }

  @Override
  public RemoteShell shell(Endpoint endpoint) {
    SshConnection connection = connection(endpoint);
    return shells.computeIfAbsent(
        endpoint.name(), name -> new SshRemoteShell(endpoint, connection, readers, gate));
  }

  @Override
  public RemoteShell wrapped(String name, Endpoint carrier, String wrap) {
    RemoteShell carrierShell = shell(carrier);
    return shells.computeIfAbsent(name, n -> new WrappedShell(n, carrierShell, wrap));
  }

  /** Host key and signature algorithms this transport accepts (SHA-1 ones are left out). */
  public List<String> keyAlgorithms() {
    return connector.keyAlgorithms();
  }

  /**
   * The connection of {@code endpoint}. After {@link #close()} a shell is still handed out, but
   * every command on it fails with {@code CLOSED}: a probe or step that starts while the controller
   * shuts down gets a TransportException, never an unchecked one.
   */
  private SshConnection connection(Endpoint endpoint) {
    SshConnection jump = endpoint.via() == null ? null : connection(endpoint.via());
    if (jump != null) {
      jumps.add(endpoint.via().name());
    }
    SshConnection c = connections.computeIfAbsent(
        endpoint.name(), name -> new SshConnection(endpoint, jump, connector, policy));
    if (closed) {
      c.close();
    }
    return c;
  }

  @Override
  public void release(Endpoint endpoint) {
    SshConnection c = connections.get(endpoint.name());
    if (c != null && !jumps.contains(endpoint.name())) {
      c.closeIfIdle();
    }
  }

  /** How many connections are open now (a test seam, and what a bench counts). */
  public int openConnections() {
    return (int) connections.values().stream().filter(SshConnection::isOpen).count();
  }

  /** How many keep-alive requests this transport's connections sent so far (a test seam). */
  long keepAliveRequests() {
    return connector.keepAliveRequests();
  }

  /** Closes every connection, hosts before the jump hosts they go through. */
  @Override
  public void close() {
    closed = true;
    List<SshConnection> all = new ArrayList<>(connections.values());
    all.sort(Comparator.comparingInt((SshConnection c) -> depth(c.endpoint())).reversed());
    all.forEach(SshConnection::close);
    readers.shutdownNow();
    connector.close();
  }

  private static int depth(Endpoint endpoint) {
    return endpoint.via() == null ? 0 : 1 + depth(endpoint.via());
  }

  private static ThreadFactory daemonThreads() {
    AtomicInteger count = new AtomicInteger();
    return task -> {
      Thread thread = new Thread(null, task, "rollout-ssh-output-" + count.incrementAndGet(),
          OUTPUT_STACK);
      thread.setDaemon(true);
      return thread;
    };
  }
}
