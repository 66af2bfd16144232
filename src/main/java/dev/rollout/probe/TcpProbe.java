package dev.rollout.probe;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/** Healthy when a TCP connection to {@code host:port} opens within the timeout; then closes it. */
public final class TcpProbe implements Probe {

  private final String name;
  private final String host;
  private final int port;
  private final Duration timeout;
  private final Clock clock;

  /**
   * @param host an address or a DNS name, resolved at every check
   * @param port 1 to 65535
   * @param timeout the limit for the connection to open, at least 1 ms
   */
  public TcpProbe(String name, String host, int port, Duration timeout, Clock clock) {
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("TCP port must be 1-65535 (the value is not shown: it "
          + "may be a secret)");
    }
    if (timeout.toMillis() < 1) {
      throw new IllegalArgumentException("timeout must be at least 1ms, got " + timeout);
    }
    this.name = Objects.requireNonNull(name, "name");
    this.host = Objects.requireNonNull(host, "host");
    this.port = port;
    this.timeout = timeout;
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String kind() {
    return "tcp";
  }

  @Override
  public String target() {
    return host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
  }

  @Override
  public ProbeResult check() {
    Instant start = clock.instant();
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
      return ProbeResult.healthy(name, "port " + port + " open", start, clock.instant());
    } catch (IOException e) {
      return ProbeResult.unhealthy(name, failure(e), start, clock.instant());
    }
  }

  private String failure(IOException e) {
    String within = " within " + Reasons.duration(timeout);
    if (e instanceof SocketTimeoutException) {
      return "no connection to " + target() + within;
    }
    if (e instanceof UnknownHostException) {
      return "unknown host " + host;
    }
    if (e instanceof ConnectException) {
      return "connection refused to " + target() + within;
    }
    return "cannot connect to " + target() + ": " + Reasons.rootMessage(e);
  }
}
