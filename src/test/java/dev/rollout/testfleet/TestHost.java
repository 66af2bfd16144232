package dev.rollout.testfleet;

import dev.rollout.demo.EmbeddedHost;
import dev.rollout.demo.SandboxShell;
import dev.rollout.demo.SshKeys;
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

/**
 * One host of a {@link TestFleet}: an {@link EmbeddedHost} (SSH server and HTTP health endpoint on
 * its own loopback address, a sandbox directory where its commands run) with faults to inject and
 * a log of the commands it ran. Ports and host key survive {@link #stop()} and {@link #start()}.
 */
public final class TestHost {

  private final TestFleet fleet;
  private final EmbeddedHost host;
  private final List<String> commands = new CopyOnWriteArrayList<>();
  private final Set<String> dropTriggers = new CopyOnWriteArraySet<>();

  TestHost(TestFleet fleet, String name, String address, Path sandbox, KeyPair hostKey) {
    this.fleet = fleet;
    SandboxShell.Observer observer = new SandboxShell.Observer() {
      @Override
      public boolean starting(String command) {
        commands.add(command);
        return dropTriggers.stream().noneMatch(command::contains);
      }
    };
    this.host = new EmbeddedHost(name, address, sandbox, hostKey,
        new EmbeddedHost.Setup(fleet::isAuthorized, observer, fleet.customizer()));
  }

  /** {@code host-1}, {@code host-2}, ... */
  public String name() {
    return host.name();
  }

  /** The loopback address both servers listen on: host i is 127.0.0.(i+1). */
  public String address() {
    return host.address();
  }

  public int sshPort() {
    return host.sshPort();
  }

  public int httpPort() {
    return host.httpPort();
  }

  /** {@code http://ADDRESS:PORT/health}. */
  public URI healthUrl() {
    return URI.create("http://" + address() + ":" + httpPort() + "/health");
  }

  /** The directory commands run in ({@code HOST_DIR}); {@code bin/} in it is first on PATH. */
  public Path sandbox() {
    return host.sandbox();
  }

  /** The host key the server presents now. */
  public KeyPair hostKey() {
    return host.hostKey();
  }

  /** This host's known_hosts line: {@code [address]:port type base64}. */
  public String knownHostsLine() {
    return host.knownHostsLine();
  }

  /** An endpoint for this host: current user, the fleet's client key and known_hosts, STRICT. */
  public Endpoint endpoint() {
    return new Endpoint(name(), address(), sshPort(), System.getProperty("user.name"),
        fleet.clientKey(), null, fleet.knownHosts(), HostKeyPolicy.STRICT, false, null);
  }

  /** Every command this host was asked to run, in order. */
  public List<String> commandLog() {
    return List.copyOf(commands);
  }

  /** How many SSH connections (TCP sessions) this host accepted since the fleet started. */
  public int connectionCount() {
    return host.connectionCount();
  }

  /** Starts SSH and HTTP (again), on the same ports, with the current host key. */
  public void start() {
    host.start();
  }

  /** Stops SSH and HTTP at once, dropping open connections. */
  public void stop() {
    host.stop();
  }

  /** Restarts the host presenting a new ed25519 host key (known_hosts still has the old one). */
  public synchronized void rotateHostKey() {
    stop();
    host.hostKey(SshKeys.ed25519());
    start();
  }

  /** From now on, a command containing {@code substring} makes the server drop the connection. */
  public void dropConnectionOn(String substring) {
    dropTriggers.add(substring);
  }

  /** Healthy answers 200; unhealthy writes the sandbox's {@code unhealthy} file (503). */
  public void setHealthy(boolean healthy) {
    Path marker = sandbox().resolve("unhealthy");
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
    host.health().failAfter(Instant.now().plus(delay));
  }
}
