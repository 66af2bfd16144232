package dev.rollout.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HealthMonitorTest {

  private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
  private static final Duration INTERVAL = Duration.ofSeconds(30);

  private final ManualScheduledExecutor executor = new ManualScheduledExecutor(T0);
  private final List<HealthChange> changes = new ArrayList<>();
  private final List<Duration> sleeps = new ArrayList<>();
  private final HealthMonitor monitor =
      new HealthMonitor(
          new HealthPolicy(INTERVAL, 3, Duration.ofSeconds(2)),
          executor,
          sleeps::add,
          executor.clock(),
          changes::add);

  @Test
  void checksEveryProbeAtOnceAndThenEveryInterval() {
    ScriptedProbe site = probe("site", "+");
    ScriptedProbe ssh = probe("ssh", "+");
    monitor.add("web-1", List.of(site, ssh));

    monitor.start("web-1");
    executor.advance(Duration.ZERO);
    assertThat(site.checks()).isEqualTo(1);

    executor.advance(INTERVAL.multipliedBy(4));
    assertThat(site.checks()).isEqualTo(5);
    assertThat(ssh.checks()).isEqualTo(5);
    assertThat(monitor.monitoring("web-1")).isTrue();
  }

  @Test
  void reportsAChangeOnlyAfterSustainedFailuresAndAgainOnRecovery() {
    monitor.add("web-1", List.of(probe("site", "+--+---+")));

    monitor.start("web-1");
    executor.advance(INTERVAL.multipliedBy(7));

    assertThat(changes)
        .containsExactly(
            new HealthChange("web-1", "site", Health.UNHEALTHY, Health.UNHEALTHY, 3, false,
                "site check 7 unhealthy", T0.plus(INTERVAL.multipliedBy(6))),
            new HealthChange("web-1", "site", Health.HEALTHY, Health.HEALTHY, 0, false,
                "site check 8 healthy", T0.plus(INTERVAL.multipliedBy(7))));
  }

  @Test
  void exposesTheHostsHealthAndLastError() {
    monitor.add("web-1", List.of(probe("site", "+"), probe("ssh", "!")));

    monitor.start("web-1");
    executor.advance(INTERVAL.multipliedBy(2));

    HealthSnapshot health = monitor.health("web-1");
    assertThat(health.health()).isEqualTo(Health.UNHEALTHY);
    assertThat(health.unreachable()).isTrue();
    assertThat(health.probes().get("site").health()).isEqualTo(Health.HEALTHY);
    assertThat(health.lastError().map(ProbeResult::reason)).contains("ssh check 3 unreachable");
    assertThat(changes).singleElement().extracting(HealthChange::unreachable).isEqualTo(true);
  }

  @Test
  void countsChecksAndFailuresSinceTheLastReport() {
    monitor.add("web-1", List.of(probe("site", "+-"), probe("ssh", "+")));
    monitor.start("web-1");
    executor.advance(INTERVAL.multipliedBy(2));

    CheckCounts first = monitor.takeCounts("web-1");
    executor.advance(INTERVAL);
    CheckCounts second = monitor.takeCounts("web-1");

    assertThat(first)
        .isEqualTo(new CheckCounts("web-1", T0, T0.plus(INTERVAL.multipliedBy(2)),
            Map.of("site", new ProbeCounts(3, 2, 0), "ssh", new ProbeCounts(3, 0, 0))));
    assertThat(second)
        .isEqualTo(new CheckCounts("web-1", first.until(), T0.plus(INTERVAL.multipliedBy(3)),
            Map.of("site", new ProbeCounts(1, 1, 0), "ssh", new ProbeCounts(1, 0, 0))));
    assertThat(second.checks()).isEqualTo(2);
    assertThat(second.failures()).isEqualTo(1);
  }

  @Test
  void stopsCheckingAStoppedHost() {
    ScriptedProbe site = probe("site", "-");
    monitor.add("web-1", List.of(site));
    monitor.start("web-1");
    executor.advance(INTERVAL);

    monitor.stop("web-1");
    executor.advance(Duration.ofHours(1));

    assertThat(site.checks()).isEqualTo(2);
    assertThat(executor.pending()).isZero();
    assertThat(monitor.monitoring("web-1")).isFalse();
    assertThat(changes).isEmpty();
  }

  @Test
  void keepsCheckingAProbeThatThrowsAndJudgesItUnhealthy() {
    monitor.add("web-1", List.of(probe("site", "xxx+")));

    monitor.start("web-1");
    executor.advance(INTERVAL.multipliedBy(3));

    assertThat(changes).extracting(HealthChange::health)
        .containsExactly(Health.UNHEALTHY, Health.HEALTHY);
    assertThat(changes.get(0).reason())
        .isEqualTo("scripted probe failed to run: scripted bug in check 3");
  }

  @Test
  void keepsMonitoringWhenTheListenerThrows() {
    ScriptedProbe site = probe("site", "---+");
    HealthMonitor failing =
        new HealthMonitor(HealthPolicy.of(INTERVAL, 3), executor, sleeps::add, executor.clock(),
            change -> {
              throw new IllegalStateException("journal full");
            });
    failing.add("web-1", List.of(site));

    failing.start("web-1");
    executor.advance(INTERVAL.multipliedBy(5));

    assertThat(site.checks()).isEqualTo(6);
    assertThat(failing.health("web-1").health()).isEqualTo(Health.HEALTHY);
  }

  @Test
  void refusesNewProbesForAMonitoredHost() {
    monitor.add("web-1", List.of(probe("site", "+")));
    monitor.start("web-1");

    assertThatThrownBy(() -> monitor.add("web-1", List.of(probe("ssh", "+"))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("web-1");
  }

  private ScriptedProbe probe(String name, String script) {
    return new ScriptedProbe(name, executor.clock(), script);
  }
}
