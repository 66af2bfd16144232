package dev.rollout.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The monitor on a real thread pool: checks run, changes arrive, stop really stops. */
class HealthMonitorThreadsTest {

  private final ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(2);

  @AfterEach
  void shutdown() {
    executor.shutdownNow();
  }

  @Test
  void reportsSustainedFailuresFromPooledThreadsAndStopsOnRequest() {
    List<HealthChange> changes = new CopyOnWriteArrayList<>();
    HealthMonitor monitor =
        new HealthMonitor(HealthPolicy.of(Duration.ofMillis(10), 3), executor, Sleeper.SYSTEM,
            Clock.systemUTC(), changes::add);
    ScriptedProbe site = new ScriptedProbe("site", Clock.systemUTC(), "-");
    ScriptedProbe ssh = new ScriptedProbe("ssh", Clock.systemUTC(), "+");
    monitor.add("web-1", List.of(site, ssh));

    monitor.start("web-1");
    await().atMost(Duration.ofSeconds(10)).until(() -> !changes.isEmpty() && ssh.checks() >= 3);
    monitor.close();
    int checksAtStop = site.checks();

    assertThat(changes).singleElement().extracting(HealthChange::probe).isEqualTo("site");
    assertThat(executor.getQueue()).allMatch(task -> ((Future<?>) task).isCancelled());
    await()
        .during(Duration.ofMillis(200))
        .atMost(Duration.ofSeconds(2))
        .until(() -> site.checks() <= checksAtStop + 1);
  }
}
