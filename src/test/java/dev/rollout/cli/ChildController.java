package dev.rollout.cli;

import static org.awaitility.Awaitility.await;

import dev.rollout.journal.Failpoint;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real controller: a child JVM running {@code target/rollout.jar}, its stderr collected, which
 * can be killed with SIGKILL at a failpoint (see {@link Failpoint}).
 */
final class ChildController {

  static final Path JAR = Path.of("target/rollout.jar").toAbsolutePath();

  private final Process process;
  private final StringBuffer stderr = new StringBuffer();
  private final Thread reader;

  private ChildController(Process process) {
    this.process = process;
    this.reader = new Thread(this::drain, "child-stderr");
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts {@code rollout ARGS} in {@code dir}; pauses after event N when {@code pauseAt > 0}. */
  static ChildController start(Path dir, int pauseAt, String... args) {
    return start(dir, pauseAt, java.util.Map.of(), args);
  }

  /** As {@link #start(Path, int, String...)}, with these variables added to the environment. */
  static ChildController start(Path dir, int pauseAt, java.util.Map<String, String> env,
      String... args) {
    List<String> cmd = new ArrayList<>(INTERRUPT_RESET);
    cmd.addAll(List.of(javaBin(), "-XX:+UseSerialGC",
        "-XX:TieredStopAtLevel=1", "-Xlog:disable", "-Xlog:all=warning:stderr"));
    cmd.add(ClassArchive.option(pauseAt == 0));
    cmd.addAll(List.of("-jar", JAR.toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile())
        .redirectOutput(dir.resolve("child-stdout.txt").toFile());
    pb.environment().remove("ROLLOUT_STATE");
    pb.environment().putAll(env);
    if (pauseAt > 0) {
      pb.environment().put("ROLLOUT_TEST_PAUSE_AFTER_EVENTS", Integer.toString(pauseAt));
    }
    try {
      Process p = pb.start();
      ClassArchive.started(p);
      return new ChildController(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A shell runs a background job with SIGINT ignored, and a JVM started with SIGINT ignored
   * keeps ignoring it (as any program honours nohup): Ctrl-C tests would then fail only because
   * of how the tests were started. When this JVM ignores SIGINT, each child is started through
   * python3, which puts SIGINT (and the signals python itself ignores) back to their defaults
   * and execs the JVM under the same pid.
   */
  private static final List<String> INTERRUPT_RESET = interruptIgnored() ? List.of("python3",
      "-c", "import os, signal, sys\n"
          + "for s in ('SIGINT', 'SIGQUIT', 'SIGPIPE', 'SIGXFSZ'):\n"
          + "    signal.signal(getattr(signal, s), signal.SIG_DFL)\n"
          + "os.execv(sys.argv[1], sys.argv[1:])") : List.of();

  private static boolean interruptIgnored() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("SigIgn:")) {
          return (Long.parseUnsignedLong(line.substring(7).strip(), 16) & 0x2) != 0;
        }
      }
    } catch (IOException | NumberFormatException e) {
      // not Linux: assume the default
    }
    return false;
  }

  private static String javaBin() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private void drain() {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getErrorStream(),
        StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        stderr.append(line).append('\n');
      }
    } catch (IOException e) {
      // the process died
    }
  }

  /** Waits until the child paused at its failpoint (true) or exited (false). */
  boolean awaitPauseOrExit() {
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
        .until(() -> stderr.indexOf(Failpoint.MARKER) >= 0 || !process.isAlive());
    return stderr.indexOf(Failpoint.MARKER) >= 0;
  }

  /** Sends a signal by name (INT, TERM), as a terminal's Ctrl-C or kill does. */
  void signal(String name) throws IOException, InterruptedException {
    new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start()
        .waitFor();
  }

  /** SIGKILL, as kill -9 does. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  int waitForExit() throws InterruptedException {
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("controller did not end; stderr:\n" + stderr);
    }
    reader.join(5000);
    return process.exitValue();
  }

  long pid() {
    return process.pid();
  }

  boolean alive() {
    return process.isAlive();
  }

  String stderr() {
    return stderr.toString();
  }

  static String onlyRun(Path state) throws IOException {
    try (var s = Files.list(state.resolve("runs"))) {
      List<Path> runs = s.toList();
      if (runs.size() != 1) {
        throw new AssertionError("expected one run, found " + runs);
      }
      return runs.get(0).getFileName().toString();
    }
  }
}
