package dev.rollout.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.rollout.testfleet.FleetInventory;
import dev.rollout.testfleet.TestFleet;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The confirmation prompt on a real terminal: the jar runs in a pseudo-terminal made by
 * util-linux {@code script}, and an answer of {@code y} is told to type yes, with nothing changed.
 */
class ConfirmPromptIT {

  private static final Path ROOT = Path.of("").toAbsolutePath();

  @RegisterExtension final TestFleet fleet = TestFleet.withHosts(1);
  @TempDir Path dir;

  @Test
  void answeringYIsToldToTypeYesAndNothingIsChanged() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")), "needs util-linux script for a "
        + "pseudo-terminal");
    Files.writeString(fleet.host(1).sandbox().resolve("config"), "v1\n");
    Files.writeString(dir.resolve("inventory.yml"), FleetInventory.yaml(fleet, Map.of()));
    Files.writeString(dir.resolve("plan.yml"), """
        name: prompt
        targets: all
        strategy: { canary: 1, soak: 0, waves: [100%] }
        change:
          - run: echo v2 > config
        rollback:
          - run: echo v1 > config
        """);
    String command = "java -jar " + ROOT.resolve("target/rollout.jar") + " apply plan.yml -i "
        + "inventory.yml --state state";
    Process p = new ProcessBuilder("/usr/bin/script", "-qec", command, "/dev/null")
        .directory(dir.toFile()).redirectErrorStream(true).start();
    try (OutputStream in = p.getOutputStream()) {
      // the terminal keeps the typed line until the prompt reads it
      in.write("y\n".getBytes(StandardCharsets.UTF_8));
      in.flush();
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(p.exitValue()).as(out).isEqualTo(2);
    assertThat(out).contains("Type yes to go on:", "not confirmed: \"y\" is not yes; nothing was "
        + "changed", "type yes (the whole word) to go on, or pass --yes");
    assertThat(Files.readString(fleet.host(1).sandbox().resolve("config"))).isEqualTo("v1\n");
    assertThat(dir.resolve("state")).doesNotExist();
  }
}
