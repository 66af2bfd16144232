package dev.rollout.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HostHealthTest {

  private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

  /**
   * Results are {@code probe+} (healthy), {@code probe-} (unhealthy) or {@code probe!}
   * (unreachable); changes are {@code n:probe:HEALTH}, n the 1-based result that caused it.
   */
  @ParameterizedTest(name = "after {0}: {1} -> [{2}], host {3}")
  @CsvSource(
      delimiter = '|',
      value = {
        "3 | a- a- a+ a- a-      |                                  | HEALTHY",
        "3 | a- a- a- a- a-      | 3:a:UNHEALTHY                    | UNHEALTHY",
        "3 | a- a- a- a+         | 3:a:UNHEALTHY 4:a:HEALTHY        | HEALTHY",
        "3 | a- b- a- b- c-      |                                  | HEALTHY",
        "3 | a- b- a- b- a-      | 5:a:UNHEALTHY                    | UNHEALTHY",
        "1 | a- a- a+            | 1:a:UNHEALTHY 3:a:HEALTHY        | HEALTHY",
        "2 | a- a- b- b- a+      | 2:a:UNHEALTHY 4:b:UNHEALTHY 5:a:HEALTHY | UNHEALTHY",
        "2 | a! a!               | 2:a:UNHEALTHY                    | UNHEALTHY",
        "2 | a+ a+ a+            |                                  | HEALTHY",
      })
  void judgesSustainedFailuresPerProbe(
      int unhealthyAfter, String results, String expectedChanges, Health expectedHost) {
    HostHealth health = new HostHealth("web-1", List.of("a", "b", "c"), unhealthyAfter);
    List<String> changes = new ArrayList<>();
    String[] tokens = results.trim().split("\\s+");
    for (int i = 0; i < tokens.length; i++) {
      int n = i + 1;
      health
          .record(result(tokens[i], i))
          .ifPresent(c -> changes.add(n + ":" + c.probe() + ":" + c.health()));
    }

    assertThat(changes).isEqualTo(tokens(expectedChanges));
    assertThat(health.health()).isEqualTo(expectedHost);
  }

  @Test
  void reportsTheChangeWithItsCauseAndTheHostsHealth() {
    HostHealth health = new HostHealth("web-1", List.of("site"), 2);
    health.record(result("site-", 0));

    Optional<HealthChange> change = health.record(result("site!", 1));

    assertThat(change)
        .contains(
            new HealthChange(
                "web-1", "site", Health.UNHEALTHY, Health.UNHEALTHY, 2, true,
                "site unreachable #1", T0.plusSeconds(30)));
    assertThat(health.unreachable()).isTrue();
  }

  @Test
  void keepsTheLastErrorAfterARecovery() {
    HostHealth health = new HostHealth("web-1", List.of("site"), 1);
    health.record(result("site-", 0));
    health.record(result("site+", 1));

    assertThat(health.health()).isEqualTo(Health.HEALTHY);
    assertThat(health.lastError().map(ProbeResult::reason)).contains("site unhealthy #0");
    assertThat(health.probe("site").lastError()).isEqualTo(health.lastError());
    assertThat(health.probe("site").consecutiveFailures()).isZero();
  }

  @Test
  void listsEveryNamedProbeAsHealthyBeforeItsFirstCheck() {
    HostHealth health = new HostHealth("web-1", List.of("site", "ssh"), 3);

    assertThat(health.probes().keySet()).containsExactly("site", "ssh");
    assertThat(health.probes().values()).allMatch(p -> p.health() == Health.HEALTHY);
    assertThat(health.lastError()).isEmpty();
  }

  @Test
  void refusesAnUnhealthyAfterBelowOne() {
    assertThatThrownBy(() -> new HostHealth("web-1", List.of(), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unhealthyAfter");
  }

  private static ProbeResult result(String token, int i) {
    String probe = token.substring(0, token.length() - 1);
    ProbeResult.Outcome outcome =
        switch (token.charAt(token.length() - 1)) {
          case '+' -> ProbeResult.Outcome.HEALTHY;
          case '-' -> ProbeResult.Outcome.UNHEALTHY;
          default -> ProbeResult.Outcome.UNREACHABLE;
        };
    String reason = probe + " " + outcome.name().toLowerCase() + " #" + i;
    return new ProbeResult(probe, outcome, reason, "", T0.plusSeconds(30L * i), Duration.ZERO);
  }

  private static List<String> tokens(String text) {
    return text == null || text.isBlank() ? List.of() : Arrays.asList(text.trim().split("\\s+"));
  }
}
