package dev.rollout.realfleet;

import java.net.URI;
import org.testcontainers.dockerclient.DockerClientProviderStrategy;
import org.testcontainers.dockerclient.TransportConfig;

/**
 * Points Testcontainers at a {@link RealHost}'s private dockerd, which a test names with
 * {@link #use}; found by Testcontainers through {@code META-INF/services}. Not applicable until
 * then, so Testcontainers' own strategies are tried as usual.
 */
public final class PrivateDockerStrategy extends DockerClientProviderStrategy {

  private static volatile URI dockerHost;

  /** Testcontainers talks to the daemon at {@code unix://...} from now on in this JVM. */
  static void use(String unixSocketUri) {
    dockerHost = URI.create(unixSocketUri);
  }

  @Override
  public String getDescription() {
    return "private dockerd of a realfleet host at " + dockerHost;
  }

  @Override
  protected boolean isApplicable() {
    return dockerHost != null;
  }

  @Override
  protected boolean isPersistable() {
    return false;
  }

  @Override
  protected int getPriority() {
    return 1_000;
  }

  /**
   * The daemon runs on this machine; without this Testcontainers, finding itself in a container,
   * asks the daemon for its {@code bridge} network, which a daemon with {@code --bridge=none}
   * does not have.
   */
  @Override
  public synchronized String getDockerHostIpAddress() {
    return "127.0.0.1";
  }

  @Override
  public TransportConfig getTransportConfig() {
    return TransportConfig.builder().dockerHost(dockerHost).build();
  }
}
