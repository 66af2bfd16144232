package dev.rollout.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.forward.RejectAllForwardingFilter;

/**
 * A host inside this process: an Apache MINA SSH server and an HTTP health endpoint on its own
 * loopback address, and a sandbox directory that plays the host's filesystem, where every command
 * runs with {@code /bin/sh -c} as the user running this process. Ports survive {@link #stop()} and
 * {@link #start()}, so a host that comes back is found where it was.
 */
public final class EmbeddedHost {

  /** How a host is set up; {@code customizer} adjusts the server before each start. */
  public record Setup(Predicate<PublicKey> authorized, SandboxShell.Observer observer,
      Consumer<SshServer> customizer) {}

  private final String name;
  private final String address;
  private final Path sandbox;
  private final Setup setup;
  private final HealthServer health;
  private final AtomicInteger connections = new AtomicInteger();
  private volatile KeyPair hostKey;
  private SshServer server;
  private int sshPort;

  public EmbeddedHost(String name, String address, Path sandbox, KeyPair hostKey, Setup setup) {
    this.name = name;
    this.address = address;
    this.sandbox = sandbox;
    this.hostKey = hostKey;
    this.setup = setup;
    this.health = new HealthServer(address, sandbox);
  }

  public String name() {
    return name;
  }

  public String address() {
    return address;
  }

  public Path sandbox() {
    return sandbox;
  }

  public int sshPort() {
    return sshPort;
  }

  public int httpPort() {
    return health.port();
  }

  public HealthServer health() {
    return health;
  }

  /** The host key the server presents now. */
  public KeyPair hostKey() {
    return hostKey;
  }

  /** Presents {@code key} from the next {@link #start()} on. */
  public void hostKey(KeyPair key) {
    this.hostKey = key;
  }

  /** This host's known_hosts line: {@code [address]:port type base64}. */
  public String knownHostsLine() {
    return "[" + address + "]:" + sshPort + " " + SshKeys.publicKeyLine(hostKey.getPublic());
  }

  /** How many SSH connections (TCP sessions) this host accepted. */
  public int connectionCount() {
    return connections.get();
  }

  /** Whether the SSH server is running. */
  public synchronized boolean running() {
    return server != null;
  }

  /** Starts SSH and HTTP (again), on the same ports, with the current host key. */
  public synchronized void start() {
    try {
      server = newServer();
      server.start();
      sshPort = server.getPort();
      health.start();
    } catch (IOException e) {
      server = null;
      throw new UncheckedIOException("cannot start " + name + " on " + address, e);
    }
  }

  /** Stops SSH and HTTP at once, dropping open connections. */
  public synchronized void stop() {
    try {
      if (server != null) {
        server.stop(true);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      server = null;
      health.stop();
    }
  }

  private SshServer newServer() {
    SshServer sshd = SshServer.setUpDefaultServer();
    sshd.setHost(address);
    sshd.setPort(sshPort);
    sshd.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
    sshd.setPublickeyAuthenticator((user, key, session) -> setup.authorized().test(key));
    sshd.setCommandFactory((channel, command) ->
        new SandboxShell(name, sandbox, command, setup.observer()));
    sshd.setForwardingFilter(RejectAllForwardingFilter.INSTANCE); // a customizer may allow it
    sshd.addSessionListener(new SessionListener() {
      @Override
      public void sessionCreated(Session session) {
        connections.incrementAndGet();
      }
    });
    setup.customizer().accept(sshd);
    return sshd;
  }
}
