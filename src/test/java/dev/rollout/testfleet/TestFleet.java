package dev.rollout.testfleet;

import dev.rollout.demo.DemoDirectory;
import dev.rollout.demo.SshKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.function.Consumer;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.forward.AcceptAllForwardingFilter;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A fleet of real SSH hosts for tests, all in this JVM: host i ({@code host-1}...) is an Apache
 * MINA sshd on 127.0.0.(i+1) with its own ed25519 host key and a sandbox directory where commands
 * run with {@code /bin/sh -c}, plus an HTTP health endpoint on the same address. One client ed25519
 * key (OpenSSH format) logs in to every host, and one known_hosts file lists every host as
 * {@code [127.0.0.x]:port key}.
 *
 * <p>Use it directly, {@code try (TestFleet fleet = TestFleet.start(tempDir, 3)) {...}}, or as an
 * extension, {@code @RegisterExtension TestFleet fleet = TestFleet.withHosts(3);} (a fresh fleet
 * per test; on a static field, one fleet per class). The extension makes its own temporary
 * directory and deletes it afterwards.
 */
public final class TestFleet
    implements AutoCloseable, BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        AfterEachCallback {

  private final int size;
  private final String hostKeyType;
  private final Consumer<SshServer> customizer;
  private final String network;
  private final Set<PublicKey> authorized = new CopyOnWriteArraySet<>();
  private final List<TestHost> hosts = new ArrayList<>();
  private Path dir;
  private Path clientKey;
  private Path knownHosts;
  private boolean perClass;
  private boolean ownsDir;

  private TestFleet(Builder builder) {
    this.size = builder.hosts;
    this.hostKeyType = builder.hostKeyType;
    this.customizer = builder.customizer;
    this.network = builder.network;
  }

  /** Starts {@code hosts} hosts with their files under {@code dir}. */
  public static TestFleet start(Path dir, int hosts) {
    return builder().hosts(hosts).start(dir);
  }

  /** A fleet for {@code @RegisterExtension}: started before, closed after each test (or class). */
  public static TestFleet withHosts(int hosts) {
    return builder().hosts(hosts).extension();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** All hosts, {@code host-1} first. */
  public List<TestHost> hosts() {
    return List.copyOf(hosts);
  }

  /** Host {@code i}, counted from 1 as in {@code host-1}. */
  public TestHost host(int i) {
    return hosts.get(i - 1);
  }

  /** The client's private key (ed25519, OpenSSH format, unencrypted); {@code .pub} beside it. */
  public Path clientKey() {
    return clientKey;
  }

  /** The known_hosts file listing every host's key as it was at start. */
  public Path knownHosts() {
    return knownHosts;
  }

  /** The directory holding the fleet's files and sandboxes. */
  public Path dir() {
    return dir;
  }

  /** Lets {@code key} log in to every host, besides the fleet's client key. */
  public void authorize(PublicKey key) {
    authorized.add(key);
  }

  boolean isAuthorized(PublicKey key) {
    return authorized.stream().anyMatch(k -> KeyUtils.compareKeys(k, key));
  }

  /** The test's adjustments, after allowing port forwarding (jump hosts go through it). */
  Consumer<SshServer> customizer() {
    return sshd -> {
      sshd.setForwardingFilter(AcceptAllForwardingFilter.INSTANCE);
      customizer.accept(sshd);
    };
  }

  private TestFleet launch(Path directory) {
    try {
      dir = Files.createDirectories(directory);
      KeyPair client = SshKeys.ed25519();
      clientKey = SshKeys.writePrivateKey(client, dir.resolve("client_ed25519"), null);
      authorize(client.getPublic());
      for (int i = 1; i <= size; i++) {
        hosts.add(newHost(i));
      }
      hosts.parallelStream().forEach(TestHost::start);
      knownHosts = dir.resolve("known_hosts");
      Files.write(knownHosts, hosts.stream().map(TestHost::knownHostsLine).toList());
      return this;
    } catch (IOException e) {
      close();
      throw new UncheckedIOException(e);
    }
  }

  private TestHost newHost(int i) throws IOException {
    String name = "host-" + i;
    Path sandbox = Files.createDirectories(dir.resolve(name));
    Files.createDirectories(sandbox.resolve("bin"));
    KeyPair hostKey = SshKeys.generate(hostKeyType, hostKeyType.equals("ssh-rsa") ? 2048 : 256);
    return new TestHost(this, name, network + (i + 1), sandbox, hostKey);
  }

  /** Stops every host; deletes the directory when the fleet made it. */
  @Override
  public void close() {
    hosts.forEach(TestHost::stop);
    hosts.clear();
    authorized.clear();
    if (ownsDir && dir != null) {
      try {
        DemoDirectory.delete(dir);
      } catch (UncheckedIOException e) {
        // a leftover temp directory is harmless
      }
    }
  }

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    perClass = true;
    launchInTemp();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  @Override
  public void beforeEach(ExtensionContext context) throws IOException {
    if (!perClass) {
      launchInTemp();
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (!perClass) {
      close();
    }
  }

  private void launchInTemp() throws IOException {
    ownsDir = true;
    launch(Files.createTempDirectory("testfleet-"));
  }

  /** Options of a fleet. */
  public static final class Builder {
    private int hosts = 3;
    private String hostKeyType = "ssh-ed25519";
    private Consumer<SshServer> customizer = sshd -> {};
    private String network = "127.0.0.";

    private Builder() {}

    /**
     * The hosts' addresses: {@code prefix} and the host's number plus one ({@code 127.0.0.}
     * unless set), for tests that keep to a loopback range of their own.
     */
    public Builder network(String prefix) {
      if (!prefix.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.")) {
        throw new IllegalArgumentException("a loopback /24 such as 127.0.165., was " + prefix);
      }
      this.network = prefix;
      return this;
    }

    /** How many hosts, 1 to 250; 3 unless set. */
    public Builder hosts(int count) {
      if (count < 1 || count > 250) {
        throw new IllegalArgumentException("hosts must be 1 to 250, was " + count);
      }
      this.hosts = count;
      return this;
    }

    /** The hosts' key type, {@code ssh-ed25519} (default) or {@code ssh-rsa}. */
    public Builder hostKeyType(String keyType) {
      this.hostKeyType = keyType;
      return this;
    }

    /** Adjusts each host's server before it starts (algorithms, properties), on restarts too. */
    public Builder customizeServers(Consumer<SshServer> customizer) {
      this.customizer = customizer;
      return this;
    }

    /** Starts the fleet with its files under {@code dir}. */
    public TestFleet start(Path dir) {
      return new TestFleet(this).launch(dir);
    }

    /** An unstarted fleet for {@code @RegisterExtension}. */
    public TestFleet extension() {
      return new TestFleet(this);
    }
  }
}
