package dev.rollout.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A secret from the controller's environment that makes a probe's port invalid is refused by
 * validate, plan and apply with exit 2, naming the variable and never its value, before any run
 * is created or lock taken. Before, it passed validation (which saw only ****), apply created the
 * run and took the locks, and the probe factory crashed with an internal error that printed the
 * secret. A child JVM, for the secret must be in its environment.
 */
class SecretValuesCliTest {

  private static final String SECRET = "44x3-SecretValuesCliTest";

  @TempDir Path dir;

  @ParameterizedTest(name = "rollout {0}")
  @ValueSource(strings = {"validate", "plan", "apply"})
  void aSecretThatBreaksAPortIsRefusedByNameBeforeAnythingIsTouched(String command)
      throws IOException, InterruptedException {
    Files.writeString(dir.resolve("inventory.yml"), """
        hosts:
          web-1:
            address: 127.0.0.1
            vars: { port: {env: API_PORT} }
        """);
    Files.writeString(dir.resolve("plan.yml"), """
        name: p
        targets: [web-1]
        change:
          - run: "true"
        rollback:
          - run: "true"
        health:
          probes:
            - name: api
              tcp: "${host.address}:${vars.port}"
        """);
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
        "dev.rollout.cli.Main", command, "plan.yml", "-i", "inventory.yml"));
    if (command.equals("apply")) {
      cmd.add("--yes");
    }
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile())
        .redirectOutput(dir.resolve("out.txt").toFile())
        .redirectError(dir.resolve("err.txt").toFile());
    pb.environment().remove("ROLLOUT_STATE");
    pb.environment().put("API_PORT", SECRET);
    Process p = pb.start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor();
      throw new AssertionError("rollout " + command + " did not end");
    }
    String err = Files.readString(dir.resolve("err.txt"), StandardCharsets.UTF_8);
    String out = Files.readString(dir.resolve("out.txt"), StandardCharsets.UTF_8);

    assertThat(p.exitValue()).as(err).isEqualTo(2);
    assertThat(err).contains("plan.yml:9:7: ", "probe \"api\" gives \"127.0.0.1:****\"",
        "$API_PORT").doesNotContain("internal error", "Exception");
    assertThat(err + out).doesNotContain(SECRET).doesNotContain("44x3");
    assertThat(dir.resolve(".rollout")).as("no run created, no lock taken").doesNotExist();
  }
}
