package dev.rollout.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rollout demo} as its own process, the jar: Ctrl-C in the middle of the canary's soak. */
class DemoIT {

  @TempDir Path dir;

  @Test
  void ctrlCStopsTheRunTheFleetAndRemovesTheTemporaryFiles() throws Exception {
    ChildController demo = ChildController.start(dir, 0, "demo");
    await().atMost(Duration.ofSeconds(60)).until(() -> demo.stderr().contains("canary: soak of"));
    String intro = Files.readString(dir.resolve("child-stdout.txt"));
    Matcher files = Pattern.compile("^  files +(\\S+)", Pattern.MULTILINE).matcher(intro);
    assertThat(files.find()).as(intro).isTrue();
    Path temp = Path.of(files.group(1));
    assertThat(temp.resolve("inventory.yml")).exists();

    demo.signal("INT");

    assertThat(demo.waitForExit()).as(demo.stderr()).isEqualTo(130);
    assertThat(demo.stderr()).contains("interrupted during canary");
    assertThat(Files.readString(dir.resolve("child-stdout.txt")))
        .contains("demo: interrupted; the run journaled where it stopped")
        .contains("demo: stopped the fleet and removed " + temp);
    assertThat(temp).doesNotExist();
  }
}
