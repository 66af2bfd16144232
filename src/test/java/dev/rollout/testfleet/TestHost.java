package dev.rollout.testfleet;

import dev.rollout.transport.Endpoint;
import dev.rollout.transport.HostKeyPolicy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.forward.AcceptAllForwardingFilter;

/**
 * One host of a {@link TestFleet}: an in-process SSH server and an HTTP health endpoint on its own
 * loopback address, a sandbox directory where its commands run, and faults to inject. Ports and
 * host key survive {@link #stop()} and {@link #start()}.
 */
public final class TestHost {

  private final TestFleet fleet;
  private final String name;
  private final String address;
  private final Path sandbox;
  private final HealthEndpoint health;
  private final List<String> commands = new CopyOnWriteArrayList<>();
  private final Set<String> dropTriggers = new CopyOnWriteArraySet<>();
  private final AtomicInteger connections = new AtomicInteger();
  private volatile KeyPair hostKey;
  private SshServer server;
  private int sshPort;

  TestHost(TestFleet fleet, String name, String address, Path sandbox, KeyPair hostKey) {
    this.fleet = fleet;
    this.name = name;
    this.address = address;
    this.sandbox = sandbox;
    this.hostKey = hostKey;
    this.health = new HealthEndpoint(address, sandbox);
  }

  /** {@code host-1}, {@code host-2}, ... */
  public String name() {
    return name;
  }

  /** The loopback address both servers listen on: host i is 127.0.0.(i+1). */
  public String address() {
    return address;
  }

  public int sshPort() {
    return sshPort;
  }

  public int httpPort() {
    return health.port();
  }

  /** {@code http://ADDRESS:PORT/health}. */
  public URI healthUrl() {
    return URI.create("http://" + address + ":" + httpPort() + "/health");
  }

  /** The directory commands run in ({@code HOST_DIR}); {@code bin/} in it is first on PATH. */
  public Path sandbox() {
    return sandbox;
  }

  /** The host key the server presents now. */
  public KeyPair hostKey() {
    return hostKey;
  }

  /** This host's known_hosts line: {@code [address]:port type base64}. */
  public String knownHostsLine() {
    return "[" + address + "]:" + sshPort + " " + KeyFiles.publicKeyLine(hostKey.getPublic());
  }

  /** An endpoint for this host: current user, the fleet's client key and known_hosts, STRICT. */
  public Endpoint endpoint() {
    return new Endpoint(name, address, sshPort, System.getProperty("user.name"),
        fleet.clientKey(), null, fleet.knownHosts(), HostKeyPolicy.STRICT, false, null);
  }

  /** Every command this host was asked to run, in order. */
  public List<String> commandLog() {
    return List.copyOf(commands);
  }

  /** How many SSH connections (TCP sessions) this host accepted since the fleet started. */
  public int connectionCount() {
    return connections.get();
  }

  /** Starts SSH and HTTP (again), on the same ports, with the current host key. */
  public synchronized void start() {
    try {
      server = newServer();
      server.start();
      sshPort = server.getPort();
      health.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name + " on " + address, e);
    }
  }

  /** Stops SSH and HTTP at once, dropping open connections. */
  public synchronized void stop() {
    try {
      if (server != null) {
        server.stop(true);
        server = null;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      health.stop();
    }
  }

  /** Restarts the host presenting a new ed25519 host key (known_hosts still has the old one). */
  public synchronized void rotateHostKey() {
    stop();
    hostKey = KeyFiles.ed25519();
    start();
  }

  /** From now on, a command containing {@code substring} makes the server drop the connection. */
  public void dropConnectionOn(String substring) {
    dropTriggers.add(substring);
  }

  /** Healthy answers 200; unhealthy writes the sandbox's {@code unhealthy} file (503). */
  public void setHealthy(boolean healthy) {
    Path marker = sandbox.resolve("unhealthy");
    try {
      if (healthy) {
        Files.deleteIfExists(marker);
      } else {
        Files.writeString(marker, "set by the test\n");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The health endpoint answers 503 once {@code delay} from now has passed. */
  public void failHealthAfter(Duration delay) {
    health.failAfter(Instant.now().plus(delay));
  }

  void received(String command) {
    commands.add(command);
  }

  boolean dropsOn(String command) {
    return dropTriggers.stream().anyMatch(command::contains);
  }

  private SshServer newServer() {
    SshServer sshd = SshServer.setUpDefaultServer();
    sshd.setHost(address);
    sshd.setPort(sshPort);
    sshd.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
    sshd.setPublickeyAuthenticator((user, key, session) -> fleet.isAuthorized(key));
    sshd.setCommandFactory((channel, command) -> new SandboxCommand(this, command));
    sshd.setForwardingFilter(AcceptAllForwardingFilter.INSTANCE);
    sshd.addSessionListener(new SessionListener() {
      @Override
      public void sessionCreated(Session session) {
        connections.incrementAndGet();
      }
    });
    fleet.customizer().accept(sshd);
    return sshd;
  }
}
