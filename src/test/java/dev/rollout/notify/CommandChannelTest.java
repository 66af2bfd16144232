package dev.rollout.notify;

import static dev.rollout.notify.Runs.AT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.rollout.engine.Event;
import dev.rollout.engine.FailureClass;
import dev.rollout.engine.MemoryJournal;
import dev.rollout.engine.RunState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The notify command on the controller: its environment, its failures, its timeout. */
class CommandChannelTest {

  @TempDir
  Path dir;

  private final List<String> undelivered = new CopyOnWriteArrayList<>();

  @Test
  void findsTheNotificationInItsEnvironment() throws Exception {
    Path out = dir.resolve("env.txt");
    Notification n = new Notification(Kind.HOST_FAILED, ":rotating_light: host off-net FAILED",
        "20261125-1", "docker-storage-driver", "off-net", "unhealthy: it's \"down\"", "canary",
        AT, null);

    new CommandChannel("env > '" + out + "'", Duration.ofSeconds(10)).deliver(n);

    Map<String, String> env = rolloutVariables(out);
    assertThat(env).containsEntry("ROLLOUT_EVENT", "host-failed")
        .containsEntry("ROLLOUT_SEVERITY", "warning")
        .containsEntry("ROLLOUT_TEXT", ":rotating_light: host off-net FAILED")
        .containsEntry("ROLLOUT_RUN_ID", "20261125-1")
        .containsEntry("ROLLOUT_PLAN", "docker-storage-driver")
        .containsEntry("ROLLOUT_HOST", "off-net")
        .containsEntry("ROLLOUT_REASON", "unhealthy: it's \"down\"")
        .containsEntry("ROLLOUT_STAGE", "canary")
        .containsEntry("ROLLOUT_AT", "2026-11-25T10:00:00.000Z")
        .containsEntry("ROLLOUT_OUTCOME", "")
        .containsEntry("ROLLOUT_JSON", n.toJson());
  }

  @Test
  void reportsAFailingCommandAsUndelivered() {
    Notifier notifier = new Notifier("20261125-1", "docker-storage-driver", null,
        List.of(new CommandChannel("echo TOKEN=abc >&2; exit 3", Duration.ofSeconds(10))),
        (n, why) -> undelivered.add(why), Duration.ofSeconds(10));
    RunState state = new RunState(new MemoryJournal(), List.of(notifier),
        Clock.fixed(AT, ZoneOffset.UTC), Runs.TARGETS, 0);

    state.record(new Event.HostFailed(AT, "off-net", FailureClass.VERIFY_FAILED, "exit 1", 1));
    notifier.close();

    assertThat(undelivered).containsExactly(
        "notification host-failed not delivered: notify command: exited 3");
  }

  @Test
  void killsACommandThatRunsPastItsTimeoutWithItsChildren() throws Exception {
    Path pid = dir.resolve("child.pid");
    CommandChannel channel = new CommandChannel(
        "sleep 60 & echo $! > '" + pid + "'; wait", Duration.ofMillis(500));

    assertThatThrownBy(() -> channel.deliver(notification()))
        .isInstanceOf(DeliveryException.class)
        .hasMessage("notify command: still running after 500 ms, killed");

    long child = Long.parseLong(Files.readString(pid).strip());
    await().atMost(Duration.ofSeconds(5)).until(() -> ProcessHandle.of(child)
        .map(p -> !p.isAlive()).orElse(true));
  }

  private static Map<String, String> rolloutVariables(Path file) throws Exception {
    Map<String, String> env = new HashMap<>();
    for (String line : Files.readAllLines(file)) {
      int eq = line.indexOf('=');
      if (line.startsWith("ROLLOUT_") && eq > 0) {
        env.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    return env;
  }

  private static Notification notification() {
    return new Notification(Kind.RUN_STARTED, "started", "r1", "p", null, null, null, AT, null);
  }
}
