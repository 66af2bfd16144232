package dev.rollout.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The preflight baseline tolerates a blip but refuses a probe that stays down. */
class HealthMonitorBaselineTest {

  private static final Duration PAUSE = Duration.ofSeconds(2);

  private final ManualScheduledExecutor executor =
      new ManualScheduledExecutor(Instant.parse("2025-01-01T00:00:00Z"));
  private final List<Duration> sleeps = new ArrayList<>();
  private final HealthMonitor monitor =
      new HealthMonitor(
          new HealthPolicy(Duration.ofSeconds(30), 3, PAUSE),
          executor,
          sleeps::add,
          executor.clock(),
          change -> {});

  @Test
  void runsAHealthyProbeOnceWithoutWaiting() throws InterruptedException {
    ScriptedProbe site = probe("site", "+");
    monitor.add("web-1", List.of(site));

    List<ProbeResult> results = monitor.baseline("web-1");

    assertThat(results).singleElement().extracting(ProbeResult::healthy).isEqualTo(true);
    assertThat(site.checks()).isEqualTo(1);
    assertThat(sleeps).isEmpty();
  }

  @Test
  void retriesAFailingProbeAfterAPauseUntilItSucceeds() throws InterruptedException {
    ScriptedProbe site = probe("site", "--+");
    monitor.add("web-1", List.of(site));

    List<ProbeResult> results = monitor.baseline("web-1");

    assertThat(results).singleElement().extracting(ProbeResult::healthy).isEqualTo(true);
    assertThat(site.checks()).isEqualTo(3);
    assertThat(sleeps).containsExactly(PAUSE, PAUSE);
  }

  @Test
  void givesUpOnAProbeAfterUnhealthyAfterAttempts() throws InterruptedException {
    ScriptedProbe site = probe("site", "-");
    monitor.add("web-1", List.of(site, probe("ssh", "+")));

    List<ProbeResult> results = monitor.baseline("web-1");

    assertThat(results).extracting(ProbeResult::reason)
        .containsExactly("site check 3 unhealthy", "ssh check 1 healthy");
    assertThat(site.checks()).isEqualTo(3);
  }

  @Test
  void neitherJudgesNorCountsTheBaseline() throws InterruptedException {
    monitor.add("web-1", List.of(probe("site", "-")));

    monitor.baseline("web-1");

    assertThat(monitor.health("web-1").health()).isEqualTo(Health.HEALTHY);
    assertThat(monitor.takeCounts("web-1").checks()).isZero();
  }

  private ScriptedProbe probe(String name, String script) {
    return new ScriptedProbe(name, executor.clock(), script);
  }
}
