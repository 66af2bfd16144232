package dev.rollout.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollout.transport.CommandResult;
import dev.rollout.transport.RemoteShell;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A probe masks secrets in its output and reason before it cuts them: to the last 4 KiB of
 * output, to the 200 characters of a reason's last line. Before, a secret that straddled a cut
 * was no longer recognised by the masker downstream and its tail (or head) survived.
 */
class ProbeOutputMaskingTest {

  private static final String SECRET = "TOPSECRET-7f3a9c";
  private static final OutputMask MASK = new OutputMask(List.of(SECRET));
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  @TempDir Path dir;

  @Test
  void aLocalProbesOutputCutInsideASecretKeepsNoPartOfIt() {
    ProbeResult result = local("printf %s " + SECRET + "; head -c 4090 /dev/zero | tr '\\0' x")
        .check();

    assertThat(result.healthy()).as(result.reason()).isTrue();
    assertThat(result.output()).startsWith("****x").doesNotContain("7f3a9c").endsWith("xxx");
  }

  @Test
  void aLocalProbesReasonFromALastLineCutAtTheTailKeepsNoPartOfTheSecret() {
    ProbeResult result = local("{ printf %s " + SECRET + "; head -c 4090 /dev/zero | tr '\\0' x; }"
        + " >&2; exit 1").check();

    assertThat(result.reason()).startsWith("exit 1: ****xxx").doesNotContain("7f3a9c");
    assertThat(result.output()).doesNotContain("7f3a9c");
  }

  @Test
  void aLocalProbesReasonCutInsideASecretKeepsNoPartOfIt() {
    ProbeResult result = local("{ head -c 195 /dev/zero | tr '\\0' y; echo " + SECRET + "; } >&2; "
        + "exit 1").check();

    assertThat(result.reason()).startsWith("exit 1: yyy").endsWith("****")
        .doesNotContain("TOPSE");
  }

  @Test
  void aShellProbesReasonCutInsideASecretKeepsNoPartOfIt() {
    String stderr = "y".repeat(195) + SECRET + "\n";
    ProbeResult result = new ShellProbe("p", answering(new CommandResult(1, "", stderr,
        Duration.ZERO, false)), "check " + SECRET, TIMEOUT, Clock.systemUTC(), MASK).check();

    assertThat(result.reason()).endsWith("****").doesNotContain("TOPSE");
    assertThat(result.output()).doesNotContain(SECRET).endsWith("****\n");
  }

  @Test
  void aShellProbeShowsItsCommandMasked() {
    Probe probe = new ShellProbe("p", answering(null), "curl -H 'X: " + SECRET + "'", TIMEOUT,
        Clock.systemUTC(), MASK);

    assertThat(probe.target()).isEqualTo("curl -H 'X: ****'");
  }

  /** Every place a secret can stand around the cut of a 64-byte tail of a 100-byte file. */
  @ParameterizedTest(name = "a secret at byte {0}")
  @ValueSource(ints = {0, 20, 30, 36, 40, 47, 48, 50, 63, 64, 70, 84})
  void theTailOfAFileNeverHoldsPartOfASecret(int at) throws IOException {
    StringBuilder text = new StringBuilder("a".repeat(100));
    text.replace(at, at + SECRET.length(), SECRET);
    Path file = dir.resolve("out");
    Files.writeString(file, text.substring(0, 100), StandardCharsets.UTF_8);

    String tail = MASK.tail(file, 64);

    for (int n = 3; n <= SECRET.length(); n++) {
      assertThat(tail).doesNotContain(SECRET.substring(0, n))
          .doesNotContain(SECRET.substring(SECRET.length() - n));
    }
    boolean reachesTheTail = at + SECRET.length() > 36;
    assertThat(tail).isEqualTo(reachesTheTail
        ? "a".repeat(Math.max(0, at - 36)) + "****" + "a".repeat(100 - at - SECRET.length())
        : "a".repeat(64));
  }

  @Test
  void aFileShorterThanTheTailIsMaskedWhole() throws IOException {
    Path file = dir.resolve("out");
    Files.writeString(file, "token=" + SECRET + " and " + SECRET + "\n");

    assertThat(MASK.tail(file, 4096)).isEqualTo("token=**** and ****\n");
    assertThat(OutputMask.NONE.tail(file, 4096)).contains(SECRET);
  }

  private LocalProbe local(String command) {
    return new LocalProbe("tests", command, Map.of(), dir, TIMEOUT, Clock.systemUTC(), MASK);
  }

  private static RemoteShell answering(CommandResult result) {
    return new RemoteShell() {
      @Override
      public String hostName() {
        return "web-1";
      }

      @Override
      public CommandResult run(String command, Duration timeout) {
        return result;
      }

      @Override
      public void connect() {}

      @Override
      public void close() {}
    };
  }
}
