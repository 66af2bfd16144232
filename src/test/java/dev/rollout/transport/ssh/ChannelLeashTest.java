package dev.rollout.transport.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The leash kills the command's whole process group when its channel (here: stdin) closes, under
 * dash, Debian's /bin/sh: dash's kill refuses {@code kill -KILL -- -PGID}, and with it only the
 * command's shell died while its children ran on.
 */
class ChannelLeashTest {

  @TempDir Path dir;

  @Test
  void killsTheCommandsWholeGroupUnderDashWhenTheChannelCloses() throws Exception {
    Path pidFile = dir.resolve("child.pid");
    String command = "sleep 120 & echo $! > " + pidFile + "; wait";
    String leashed = ChannelLeash.wrap(command, false);
    assertThat(leashed).startsWith("sh -c ");
    // The outer shell and the leash's own "sh" are both dash, as on a Debian host.
    Process p = new ProcessBuilder("dash", "-c", leashed.replaceFirst("^sh ", "dash "))
        .redirectErrorStream(true).start();
    long[] child = {-1};
    try {
      await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(pidFile)
          && !Files.readString(pidFile).isBlank());
      child[0] = Long.parseLong(Files.readString(pidFile).strip());
      assertThat(ProcessHandle.of(child[0])).as("the command's child runs").isPresent();

      p.getOutputStream().close(); // the channel closes

      assertThat(p.waitFor(20, TimeUnit.SECONDS)).as("the leash ends").isTrue();
      await().atMost(Duration.ofSeconds(20)).until(() -> ProcessHandle.of(child[0])
          .map(h -> !h.isAlive()).orElse(true));
      assertThat(p.exitValue()).as("killed: 128 + SIGKILL").isEqualTo(137);
    } finally {
      ProcessHandle.of(child[0]).ifPresent(ProcessHandle::destroyForcibly);
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
  }
}
