package dev.rollout.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalProbeTest {

  private static final Map<String, String> HOST_ENV =
      Map.of(
          "ROLLOUT_HOST_NAME", "web-1",
          "ROLLOUT_HOST_ADDRESS", "127.0.0.2",
          "ROLLOUT_VAR_URL", "https://world.example.net");

  @TempDir Path dir;

  @Test
  void isHealthyWhenTheCommandExitsZero() {
    ProbeResult result = probe("echo all passed", Duration.ofSeconds(10)).check();

    assertThat(result.healthy()).as(result.reason()).isTrue();
    assertThat(result.output()).isEqualTo("all passed\n");
  }

  @Test
  void isUnhealthyWithTheExitCodeAndLastLineOfStderr() {
    ProbeResult result =
        probe("echo 3 tests ran; echo 'FAIL: login' >&2; exit 3", Duration.ofSeconds(10)).check();

    assertThat(result.outcome()).isEqualTo(ProbeResult.Outcome.UNHEALTHY);
    assertThat(result.reason()).isEqualTo("exit 3: FAIL: login");
    assertThat(result.output()).contains("3 tests ran", "FAIL: login");
  }

  @Test
  void seesTheHostVariablesInItsEnvironment() {
    String command =
        "test \"$ROLLOUT_HOST_NAME\" = web-1 && test \"$ROLLOUT_HOST_ADDRESS\" = 127.0.0.2"
            + " && echo \"$ROLLOUT_VAR_URL\"";

    ProbeResult result = probe(command, Duration.ofSeconds(10)).check();

    assertThat(result.healthy()).as(result.reason()).isTrue();
    assertThat(result.output()).isEqualTo("https://world.example.net\n");
  }

  @Test
  void runsInTheGivenWorkingDirectory() {
    ProbeResult result = probe("pwd", Duration.ofSeconds(10)).check();

    assertThat(result.output().strip()).isEqualTo(dir.toAbsolutePath().toString());
  }

  @Test
  void killsTheCommandAndItsChildrenPastTheTimeout() throws IOException {
    Path pidFile = dir.resolve("child.pid");
    String command = "sleep 60 & echo $! > '" + pidFile + "'; wait";

    ProbeResult result = probe(command, Duration.ofMillis(500)).check();

    assertThat(result.outcome()).isEqualTo(ProbeResult.Outcome.UNHEALTHY);
    assertThat(result.reason()).startsWith("timed out after 500ms: ");
    assertThat(result.duration()).isLessThan(Duration.ofSeconds(10));
    long child = Long.parseLong(Files.readString(pidFile).strip());
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> ProcessHandle.of(child).map(p -> !p.isAlive()).orElse(true));
  }

  @Test
  void keepsOnlyTheTailOfALongOutput() {
    ProbeResult result =
        probe("head -c 100000 /dev/zero | tr '\\0' x; echo END", Duration.ofSeconds(10)).check();

    assertThat(result.healthy()).as(result.reason()).isTrue();
    assertThat(result.output()).hasSize(ProbeResult.MAX_OUTPUT).endsWith("xEND\n");
  }

  private LocalProbe probe(String command, Duration timeout) {
    return new LocalProbe("integration tests", command, HOST_ENV, dir, timeout, Clock.systemUTC());
  }
}
