package dev.rollout.realfleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The incident, for real: {@code plans/docker-storage-driver.yml} on three LXC containers, each
 * with its own dockerd, reached over SSH with {@code lxc-attach} on the hypervisor as console. The
 * canary's sshd dies during its soak after the switch (the test kills it: the crash itself cannot
 * be had on demand); the run must find SSH dead, roll the canary back through {@code lxc-attach},
 * never touch the other containers, and end with exit 1.
 */
class IncidentReplayTest {

  @RegisterExtension static final LxcFleet FLEET = LxcFleet.shared(3);

  /**
   * Kills, by pid, ct-1's sshd and every process under it (each connection's monitor, session
   * and shell, so no open connection outlives it), with SIGKILL, as a crash would. Each process
   * found is stopped (SIGSTOP) before the next look, so none forks a child the walk misses; one
   * that ends by itself meanwhile is not an error (it is gone, which is the point).
   */
  private static final String KILL_SSHD = """
      all=" $(cat /run/sshd.pid) "
      grew=1
      while [ "$grew" = 1 ]; do
        grew=0
        kill -STOP $all 2>/dev/null
        for s in /proc/[0-9]*/stat; do
          { read -r line < "$s"; } 2>/dev/null || continue
          set -- ${line##*) }
          pid=${s#/proc/}; pid=${pid%/stat}
          case "$all" in *" $2 "*) case "$all" in *" $pid "*) ;; *) all="$all$pid "; grew=1 ;; esac ;; esac
        done
      done
      kill -9 $all 2>/dev/null
      exit 0
      """;

  @TempDir Path dir;

  @Test
  void theCanaryWhoseSshDiedAfterItsSwitchIsRolledBackThroughLxcAttachAndNoOtherIsTouched()
      throws Exception {
    String pid2 = dockerdPid("ct-2");
    String pid3 = dockerdPid("ct-3");
    ObjectNode plan = RealPlans.onTestTime("docker-storage-driver");
    ((ObjectNode) plan.get("strategy")).put("soak", "2m");
    Path planFile = RealPlans.write(plan, dir.resolve("plan.yml"));
    Path inventory = Files.writeString(dir.resolve("inventory.yml"), FLEET.inventory());
    Path state = dir.resolve("state");

    CompletableFuture<Rollout.Result> run = CompletableFuture.supplyAsync(() -> Rollout.run(
        "apply", planFile.toString(), "-i", inventory.toString(), "--yes", "--state",
        state.toString()));
    awaitJournal(state, "\"type\":\"SoakStarted\"", run);
    assertThat(FLEET.docker("ct-1", "info", "--format", "{{.Driver}}"))
        .isEqualTo("fuse-overlayfs");
    FLEET.attach("ct-1", KILL_SSHD);
    awaitJournal(state, "\"type\":\"ConsoleUsed\"", run);
    FLEET.attach("ct-1", "/usr/sbin/sshd -f /etc/ssh-rollout/sshd_config");
    Rollout.Result r = run.get();

    assertThat(r.code()).as(r.toString()).isEqualTo(1);
    assertThat(r.err()).as(r.toString()).contains("unreachable");
    assertThat(FLEET.docker("ct-1", "info", "--format", "{{.Driver}}")).isEqualTo("vfs");
    assertThat(FLEET.docker("ct-1", "inspect", "--format", "{{.State.Running}}", "web"))
        .isEqualTo("true");
    assertThat(DockerStorageDriverTest.get("http://" + FLEET.address("ct-1") + ":8080/health"))
        .isEqualTo("ok ct-1\n");
    for (String other : List.of("ct-2", "ct-3")) {
      Path etc = FLEET.rootfs(other).resolve("etc/docker");
      assertThat(etc.resolve("daemon.json.rollout-bak")).as(other).doesNotExist();
      assertThat(FLEET.docker(other, "info", "--format", "{{.Driver}}")).isEqualTo("vfs");
      assertThat(FLEET.docker(other, "inspect", "--format", "{{.State.Running}}", "web"))
          .isEqualTo("true");
    }
    assertThat(dockerdPid("ct-2")).isEqualTo(pid2);
    assertThat(dockerdPid("ct-3")).isEqualTo(pid3);
    Rollout.Result report = Rollout.run("report", r.runId(), "--state", state.toString());
    assertThat(report.out()).as(report.toString()).contains("console");
  }

  private static String dockerdPid(String container) throws IOException {
    return Files.readString(FLEET.rootfs(container).resolve("docker/docker.pid")).strip();
  }

  private static void awaitJournal(Path state, String text,
      CompletableFuture<Rollout.Result> run) throws IOException {
    try {
      awaitIn(state, text, run);
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      String events = journals(state).map(IncidentReplayTest::read).reduce("", String::concat)
          .lines().map(l -> l.replaceAll("^.*\"type\":\"([A-Za-z]+)\".*?(\"host\":\"[^\"]*\")?.*$",
              "$1 $2")).reduce("", (a, b) -> a + "\n" + b);
      throw new AssertionError("no " + text + " in 120 s; events so far:" + events
          + "\nct-1 sshd log: " + read(FLEET.rootfs("ct-1").resolve("rollout/sshd.log")), e);
    }
  }

  private static void awaitIn(Path state, String text, CompletableFuture<Rollout.Result> run) {
    await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(50))
        .until(() -> {
          boolean done = run.isDone();
          if (journals(state).anyMatch(j -> read(j).contains(text))) {
            return true;
          }
          if (done) {
            throw new AssertionError("the run ended before " + text + ": " + run.join()
                + "\nct-1 sshd log: " + read(FLEET.rootfs("ct-1").resolve("rollout/sshd.log")));
          }
          return false;
        });
  }

  private static Stream<Path> journals(Path state) throws IOException {
    if (!Files.exists(state)) {
      return Stream.empty();
    }
    try (Stream<Path> files = Files.walk(state)) {
      return files.filter(p -> p.getFileName().toString().equals("journal.jsonl")).toList()
          .stream();
    }
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
