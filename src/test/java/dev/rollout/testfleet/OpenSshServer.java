package dev.rollout.testfleet;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A private instance of the real OpenSSH server ({@code /usr/sbin/sshd -D -e -f CONFIG}) on a
 * loopback address and a free port, with its own ed25519 host key and authorized_keys file, for
 * compatibility tests. Also wraps the OpenSSH tools tests need ({@code ssh-keygen},
 * {@code ssh-keyscan}). Check {@link #available()} first and skip when it is false.
 */
public final class OpenSshServer implements AutoCloseable {

  /** Where Debian's openssh-server puts the daemon. */
  public static final Path SSHD = Path.of("/usr/sbin/sshd");

  private final String address;
  private final int port;
  private final Path dir;
  private final Path authorizedKeys;
  private final Process process;

  private OpenSshServer(String address, int port, Path dir, Process process) {
    this.address = address;
    this.port = port;
    this.dir = dir;
    this.authorizedKeys = dir.resolve("authorized_keys");
    this.process = process;
  }

  /** True when sshd and ssh-keygen are installed. */
  public static boolean available() {
    return Files.isExecutable(SSHD) && Files.isExecutable(Path.of("/usr/bin/ssh-keygen"));
  }

  /**
   * Starts sshd on {@code address} (a 127.x.y.z address) with its files in {@code dir}, and waits
   * until it accepts connections.
   */
  public static OpenSshServer start(Path dir, String address) {
    return start(dir, address, new String[0]);
  }

  /** As {@link #start(Path, String)}, with these lines added to sshd_config. */
  public static OpenSshServer start(Path dir, String address, String... extraConfig) {
    try {
      return start(dir, address, freePort(address), extraConfig);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot find a free port on " + address, e);
    }
  }

  /** Starts sshd on {@code address} and a given {@code port}, for examples that show the port. */
  public static OpenSshServer start(Path dir, String address, int port) {
    return start(dir, address, port, new String[0]);
  }

  /** As {@link #start(Path, String, int)}, with these lines added to sshd_config. */
  public static OpenSshServer start(Path dir, String address, int port, String... extraConfig) {
    try {
      Files.createDirectories(dir);
      Files.createDirectories(Path.of("/run/sshd"));
      keygen(dir.resolve("ssh_host_ed25519_key"), "ed25519");
      Files.writeString(dir.resolve("authorized_keys"), "");
      Path config = writeConfig(dir, address, port);
      Files.writeString(config, String.join("\n", extraConfig) + "\n",
          java.nio.file.StandardOpenOption.APPEND);
      Process process = new ProcessBuilder(SSHD.toString(), "-D", "-e", "-f", config.toString())
          .redirectErrorStream(true)
          .redirectOutput(dir.resolve("sshd.log").toFile())
          .start();
      OpenSshServer server = new OpenSshServer(address, port, dir, process);
      server.awaitListening();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start sshd on " + address, e);
    }
  }

  public String address() {
    return address;
  }

  /** The listening sshd: its children are the sessions of the connections it accepted. */
  public ProcessHandle listener() {
    return process.toHandle();
  }

  public int port() {
    return port;
  }

  /** The server's ed25519 host key, public half ({@code .pub}) beside it. */
  public Path hostKey() {
    return dir.resolve("ssh_host_ed25519_key");
  }

  /** Lets the key in {@code publicKeyFile} ({@code .pub}) log in. */
  public void authorize(Path publicKeyFile) {
    try {
      Files.writeString(authorizedKeys, Files.readString(publicKeyFile),
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The known_hosts lines {@code ssh-keyscan -p PORT} writes for this server. */
  public List<String> keyscan() {
    String out = run("ssh-keyscan", "-p", String.valueOf(port), "-t", "ed25519", address);
    return out.lines().filter(l -> !l.startsWith("#")).toList();
  }

  /** Creates a key pair with real {@code ssh-keygen -t TYPE}, no passphrase, plus extra options. */
  public static Path keygen(Path file, String type, String... options) {
    List<String> command = new ArrayList<>(
        List.of("ssh-keygen", "-q", "-t", type, "-N", "", "-C", "rollout-test", "-f",
            file.toString()));
    command.addAll(List.of(options));
    run(command.toArray(String[]::new));
    return file;
  }

  /** Hashes every host name in {@code knownHosts} in place, as {@code ssh-keygen -H} does. */
  public static void hashKnownHosts(Path knownHosts) {
    run("ssh-keygen", "-q", "-H", "-f", knownHosts.toString());
  }

  /** {@code ssh-keygen -l -E sha256} of a key file: {@code BITS SHA256:... COMMENT (TYPE)}. */
  public static String keygenFingerprint(Path keyFile) {
    return run("ssh-keygen", "-l", "-E", "sha256", "-f", keyFile.toString());
  }

  /** Runs a tool, fails when it exits non-zero, returns its stdout. */
  static String run(String... command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static Path writeConfig(Path dir, String address, int port) throws IOException {
    return Files.writeString(dir.resolve("sshd_config"), String.join("\n",
        "ListenAddress " + address + ":" + port,
        "HostKey " + dir.resolve("ssh_host_ed25519_key"),
        "AuthorizedKeysFile " + dir.resolve("authorized_keys"),
        "PidFile " + dir.resolve("sshd.pid"),
        "StrictModes no",
        "UsePAM no",
        // bash sources ~/.bashrc for commands from sshd only at SHLVL 0; this machine's root
        // .bashrc runs `pyenv rehash`, which waits 60 s on a lock a killed shell can leave.
        "SetEnv SHLVL=1",
        "MaxStartups 100:30:200",
        "PermitRootLogin prohibit-password",
        "PasswordAuthentication no",
        "KbdInteractiveAuthentication no",
        "AllowTcpForwarding yes",
        "LogLevel VERBOSE",
        ""));
  }

  private static int freePort(String address) throws IOException {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(address, 0));
      return socket.getLocalPort();
    }
  }

  private void awaitListening() {
    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
        .failFast("sshd exited; see " + dir.resolve("sshd.log"), () -> !process.isAlive())
        .until(this::accepts);
  }

  private boolean accepts() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(address, port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Stops sshd and its session processes. */
  @Override
  public void close() {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    try {
      process.waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
