package dev.rollout.testfleet;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code ssh-agent -D -a SOCKET} started by a test and stopped by its pid, with keys added
 * by the real {@code ssh-add}.
 */
public final class TestAgent implements AutoCloseable {

  private final Path socket;
  private final Process process;

  private TestAgent(Path socket, Process process) {
    this.socket = socket;
    this.process = process;
  }

  public static boolean available() {
    return Files.isExecutable(Path.of("/usr/bin/ssh-agent"))
        && Files.isExecutable(Path.of("/usr/bin/ssh-add"));
  }

  /** Starts an agent whose socket is {@code dir/agent.sock} and waits until it is there. */
  public static TestAgent start(Path dir) {
    try {
      Files.createDirectories(dir);
      Path socket = dir.resolve("agent.sock");
      Process p = new ProcessBuilder("ssh-agent", "-D", "-a", socket.toString())
          .redirectErrorStream(true).redirectOutput(dir.resolve("agent.log").toFile()).start();
      await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
          .failFast("ssh-agent exited", () -> !p.isAlive())
          .until(() -> Files.exists(socket));
      return new TestAgent(socket, p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What SSH_AUTH_SOCK is set to for this agent. */
  public Path socket() {
    return socket;
  }

  public long pid() {
    return process.pid();
  }

  /** {@code ssh-add KEY}, the passphrase given through SSH_ASKPASS when there is one. */
  public void add(Path key, String passphrase) {
    try {
      ProcessBuilder pb = new ProcessBuilder("ssh-add", key.toString()).redirectErrorStream(true);
      pb.environment().put("SSH_AUTH_SOCK", socket.toString());
      if (passphrase != null) {
        Path askpass = key.resolveSibling(key.getFileName() + ".askpass");
        Path secret = key.resolveSibling(key.getFileName() + ".secret");
        Files.writeString(secret, passphrase);
        Files.writeString(askpass, "#!/bin/sh\ncat '" + secret + "'\n");
        Files.setPosixFilePermissions(askpass, PosixFilePermissions.fromString("rwx------"));
        pb.environment().put("SSH_ASKPASS", askpass.toString());
        pb.environment().put("SSH_ASKPASS_REQUIRE", "force");
        pb.environment().put("DISPLAY", "none");
      }
      Process p = pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
          .start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException("ssh-add " + key + " failed: " + out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Stops the agent by its pid. */
  @Override
  public void close() {
    ProcessHandle.of(process.pid()).ifPresent(ProcessHandle::destroy);
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
