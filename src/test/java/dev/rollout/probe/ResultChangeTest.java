package dev.rollout.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The monitor tells one change per run of equal results (and each probe's first check), with the
 * length of the run it ended, the first failure of a streak before the health change it leads to.
 */
class ResultChangeTest {

  private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
  private static final Duration INTERVAL = Duration.ofSeconds(30);

  private final ManualScheduledExecutor executor = new ManualScheduledExecutor(T0);
  private final List<String> told = new ArrayList<>();
  private final HealthMonitor monitor = new HealthMonitor(
      new HealthPolicy(INTERVAL, 3, Duration.ofSeconds(2)), executor, d -> { },
      executor.clock(), new HealthListener() {
        @Override
        public void healthChanged(HealthChange c) {
          told.add("health " + c.health() + " at " + seconds(c.at()));
        }

        @Override
        public void resultChanged(ResultChange c) {
          told.add(ResultChange.word(c.result().outcome()) + " at " + seconds(
              c.result().checkedAt()) + " after " + c.previousChecks() + " "
              + ResultChange.word(c.previous()) + (c.firstFailure() ? " first failure" : ""));
        }
      });

  @Test
  void tellsEachRunOfEqualResultsOnceWithTheLengthOfTheRunItEnded() {
    monitor.add("web-1", List.of(new ScriptedProbe("site", executor.clock(), "++---!!++")));

    monitor.start("web-1");
    executor.advance(INTERVAL.multipliedBy(9));

    assertThat(told).containsExactly(
        "healthy at 0 after 0 ",
        "unhealthy at 60 after 2 healthy first failure",
        "health UNHEALTHY at 120",
        "unreachable at 150 after 3 unhealthy",
        "healthy at 210 after 2 unreachable",
        "health HEALTHY at 210");
  }

  @Test
  void aFirstCheckThatFailsIsTheFirstFailureOfItsStreak() {
    monitor.add("web-1", List.of(new ScriptedProbe("site", executor.clock(), "-")));

    monitor.start("web-1");
    executor.advance(Duration.ZERO);

    assertThat(told).containsExactly("unhealthy at 0 after 0  first failure");
  }

  @Test
  void aRestartedWatchTellsItsFirstCheckAnew() {
    monitor.add("web-1", List.of(new ScriptedProbe("site", executor.clock(), "+")));
    monitor.start("web-1");
    executor.advance(INTERVAL);
    monitor.stop("web-1");
    monitor.start("web-1");
    executor.advance(INTERVAL);

    assertThat(told).containsExactly("healthy at 0 after 0 ", "healthy at 30 after 0 ");
  }

  @Test
  void aBaselineTellsTheFailuresItFindsAndNothingWhenHealthy() throws Exception {
    monitor.add("web-1", List.of(new ScriptedProbe("site", executor.clock(), "--+"),
        new ScriptedProbe("ssh", executor.clock(), "+")));

    monitor.baseline("web-1");

    assertThat(told).containsExactly("unhealthy at 0 after 0  first failure",
        "healthy at 0 after 2 unhealthy");
  }

  private static long seconds(Instant t) {
    return Duration.between(T0, t).toSeconds();
  }
}
