package dev.rollout.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rollout.testfleet.OpenSshServer;
import dev.rollout.transport.CommandResult;
import dev.rollout.transport.Endpoint;
import dev.rollout.transport.HostKeyPolicy;
import dev.rollout.transport.SudoPassword;
import dev.rollout.transport.ssh.SshTransport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code become} with {@code becomePasswordEnv} against Debian's real sudo on a real OpenSSH
 * host: a test user with a password (useradd, chpasswd) whom a sudoers drop-in lets run anything
 * as root, but only with that password, asked every time ({@code timestamp_timeout=0}). Both are
 * removed afterwards, also when a test fails. A child JVM, for the password must be in the
 * controller's environment. The step itself captures the host's process list while it runs
 * under sudo. And a command that runs past its timeout under {@code sudo -S} dies with its
 * children, as it does under {@code sudo -n}.
 */
class SudoPasswordOverOpenSshTest {

  private static final String USER = "rollout-sudo-" + ProcessHandle.current().pid();
  private static final Path SUDOERS =
      Path.of("/etc/sudoers.d/rollout-test-" + ProcessHandle.current().pid());
  private static final String PASSWORD = "Rp-" + HexFormat.of().formatHex(random(9));

  static Path dir;
  static OpenSshServer host;
  static Path key;
  static Path knownHosts;
  static boolean userCreated;

  @BeforeAll
  static void startHostWithAPasswordUser() throws Exception {
    Assumptions.assumeTrue(OpenSshServer.available(),
        "OpenSSH is not installed (apt-get install openssh-server): " + OpenSshServer.SSHD);
    Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/sudo")),
        "sudo is not installed (apt-get install sudo; .ci/run does)");
    Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
        "creating a test user and a sudoers drop-in needs root; running as "
            + System.getProperty("user.name"));
    dir = Files.createTempDirectory("rollout-sudo-");
    // the test user's sshd reads authorized_keys under dir as that user
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    exec(null, "useradd", "-m", "-s", "/bin/sh", USER);
    userCreated = true;
    exec(USER + ":" + PASSWORD + "\n", "chpasswd");
    Files.writeString(SUDOERS, USER + " ALL=(ALL:ALL) ALL\nDefaults:" + USER
        + " timestamp_timeout=0\n");
    Files.setPosixFilePermissions(SUDOERS, PosixFilePermissions.fromString("r--r-----"));
    exec(null, "visudo", "-cqf", SUDOERS.toString());
    host = OpenSshServer.start(dir.resolve("web-1"), "127.0.153.1");
    Files.setPosixFilePermissions(dir.resolve("web-1"), PosixFilePermissions.fromString(
        "rwxr-xr-x"));
    key = OpenSshServer.keygen(dir.resolve("id_ed25519"), "ed25519");
    host.authorize(Path.of(key + ".pub"));
    knownHosts = Files.write(dir.resolve("known_hosts"), host.keyscan());
  }

  @AfterAll
  static void removeUserSudoersAndHost() throws Exception {
    if (host != null) {
      host.close();
    }
    Files.deleteIfExists(SUDOERS);
    if (userCreated) {
      exec(null, "userdel", "-r", "-f", USER);
    }
    if (dir != null) {
      try (Stream<Path> all = Files.walk(dir)) {
        all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @Test
  void runsTheChangeAsRootWithThePasswordNeverInJournalOutputOrProcessList() throws Exception {
    Path run = write("ok");

    Result r = apply(run, PASSWORD);

    assertThat(r.code()).as(r.all()).isZero();
    assertThat(Files.readString(run.resolve("uid")).strip()).as("the change ran as root")
        .isEqualTo("0");
    String ps = Files.readString(run.resolve("ps.txt"));
    assertThat(ps).as("captured while the step ran under sudo -S").contains("sudo -S -p");
    assertThat(ps).doesNotContain(PASSWORD);
    assertThat(r.all()).contains("completed, every host healthy").doesNotContain(PASSWORD);
    assertThat(journal(run)).isNotEmpty().allSatisfy(text -> assertThat(text)
        .doesNotContain(PASSWORD));
  }

  @Test
  void aWrongPasswordIsRefusedInPreflightNamingTheHostWithoutHanging() throws Exception {
    Path run = write("wrong");
    long start = System.nanoTime();

    Result r = apply(run, "not-" + PASSWORD);

    assertThat(r.code()).as(r.all()).isEqualTo(6);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(60));
    assertThat(r.all()).contains("web-1", "sudo refused the password", "incorrect password",
        "ROLLOUT_TEST_SUDO_PASSWORD").doesNotContain(PASSWORD);
    assertThat(run.resolve("uid")).as("nothing changed").doesNotExist();
    assertThat(journal(run)).allSatisfy(text -> assertThat(text).doesNotContain(PASSWORD));
  }

  @Test
  void aCommandThatRunsPastItsTimeoutUnderSudoIsKilledWithItsChildren() throws Exception {
    Path run = Files.createDirectories(dir.resolve("timeout"));
    Path pidFile = run.resolve("sleep.pid");
    Endpoint web1 = new Endpoint("web-1", host.address(), host.port(), USER, key, null,
        knownHosts, HostKeyPolicy.STRICT, true, null, null,
        new SudoPassword("ROLLOUT_TEST_SUDO_PASSWORD", PASSWORD));
    CommandResult r;
    try (SshTransport transport = new SshTransport()) {
      r = transport.shell(web1).run("sleep 120 & echo $! > " + pidFile + "; wait",
          Duration.ofSeconds(3));
    }

    assertThat(r.timedOut()).isTrue();
    long pid = Long.parseLong(Files.readString(pidFile).strip());
    await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
        .until(() -> ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true));
  }

  private static Path write(String name) throws IOException {
    Path run = Files.createDirectories(dir.resolve(name));
    Files.writeString(run.resolve("inventory.yml"), """
        defaults:
          user: %s
          identity: %s
          knownHosts: %s
          become: true
          becomePasswordEnv: ROLLOUT_TEST_SUDO_PASSWORD
        hosts:
          web-1: { address: %s, port: %d }
        """.formatted(USER, key, knownHosts, host.address(), host.port()));
    Files.writeString(run.resolve("plan.yml"), """
        name: sudo-password
        targets: [web-1]
        vars: { dir: "%s" }
        strategy: { canary: 1, soak: 200ms, waves: [100%%] }
        preflight:
          - run: "true"
        change:
          - name: as root
            run: id -u > ${vars.dir}/uid && ps -eo args > ${vars.dir}/ps.txt && echo changed
        verify:
          - run: grep -qx 0 ${vars.dir}/uid
        rollback:
          - run: rm -f ${vars.dir}/uid
        health:
          interval: 200ms
          probes:
            - name: root over sudo
              ssh: test "$(id -u)" = 0
        """.formatted(run));
    return run;
  }

  record Result(int code, String out, String err) {
    String all() {
      return out + err;
    }
  }

  private static Result apply(Path run, String password) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
        "dev.rollout.cli.Main", "apply", "plan.yml", "-i", "inventory.yml", "--yes"));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(run.toFile())
        .redirectOutput(run.resolve("out.txt").toFile())
        .redirectError(run.resolve("err.txt").toFile());
    pb.environment().remove("ROLLOUT_STATE");
    pb.environment().put("ROLLOUT_TEST_SUDO_PASSWORD", password);
    Process p = pb.start();
    if (!p.waitFor(90, TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor();
      throw new AssertionError("rollout apply did not end within 90 s: "
          + Files.readString(run.resolve("err.txt")));
    }
    return new Result(p.exitValue(), Files.readString(run.resolve("out.txt")),
        Files.readString(run.resolve("err.txt")));
  }

  /** Every file of the run's state directory, as text. */
  private static List<String> journal(Path run) throws IOException {
    try (Stream<Path> files = Files.walk(run.resolve(".rollout"))) {
      return files.filter(Files::isRegularFile).map(f -> {
        try {
          return new String(Files.readAllBytes(f), StandardCharsets.UTF_8);
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }).toList();
    }
  }

  private static void exec(String stdin, String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    if (stdin != null) {
      p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
    }
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
    }
  }

  private static byte[] random(int n) {
    byte[] b = new byte[n];
    new SecureRandom().nextBytes(b);
    return b;
  }
}
