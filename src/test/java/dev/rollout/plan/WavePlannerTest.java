package dev.rollout.plan;

import static dev.rollout.plan.Hosts.host;
import static dev.rollout.plan.Hosts.numbered;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rollout.inventory.Host;
import dev.rollout.plan.Strategy.Canary;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Wave arithmetic: see {@link WaveSize} for the rounding rule (ceil of all targets, min 1). */
class WavePlannerTest {

  @ParameterizedTest(name = "{0} targets, canary {1}, waves {2} -> {3}")
  @CsvSource(delimiter = '|', value = {
    "10 | 1 | 100%         | 1 9",
    "10 | 1 | 1 25% 100%   | 1 1 3 5",
    "5  | 1 | 1 50% 100%   | 1 1 3",
    "40 | 0 | 10%          | 4 4 4 4 4 4 4 4 4 4",
    "7  | 2 | 2            | 2 2 2 1",
    "3  | 0 | 1%           | 1 1 1",
    "1  | 1 | 100%         | 1",
    "4  | 4 | 100%         | 4",
    "9  | 1 | 1 2          | 1 1 2 2 2 1",
    "100| 1 | 1 10% 50%    | 1 1 10 50 38",
    "3  | 0 | 34%          | 2 1",
  })
  void splitsTargetsIntoStagesOfTheDocumentedSizes(int targets, int canary, String waves,
      String expected) {
    List<Wave> plan = WavePlanner.plan(strategy(canary, List.of(), waves, null),
        numbered(targets));
    assertThat(plan.stream().map(w -> w.hosts().size()).toList())
        .isEqualTo(Arrays.stream(expected.split(" ")).map(Integer::valueOf).toList());
    assertEveryTargetInExactlyOneStage(plan, targets);
    assertThat(plan.get(0).canary()).isEqualTo(canary > 0);
    assertThat(plan.stream().filter(Wave::canary).count()).isLessThanOrEqualTo(1);
  }

  @Test
  void canaryZeroStartsWithWaveOne() {
    List<Wave> plan = WavePlanner.plan(strategy(0, List.of(), "100%", null), numbered(3));
    assertThat(plan).singleElement().satisfies(w -> {
      assertThat(w.canary()).isFalse();
      assertThat(w.label()).isEqualTo("wave 1");
      assertThat(w.hosts()).containsExactly("h1", "h2", "h3");
    });
  }

  @Test
  void firstTargetsAreTheCanariesAndTheReasonSaysSo() {
    Wave canary = WavePlanner.plan(strategy(2, List.of(), "100%", null), numbered(5)).get(0);
    assertThat(canary.hosts()).containsExactly("h1", "h2");
    assertThat(canary.reasons()).containsOnly("first target in order");
  }

  @Test
  void namedCanariesAreTakenInTargetOrderAndLeaveTheWaves() {
    List<Wave> plan = WavePlanner.plan(strategy(0, List.of("h4", "h2"), "100%", null),
        numbered(5));
    assertThat(plan.get(0).hosts()).containsExactly("h2", "h4");
    assertThat(plan.get(0).reasons()).containsOnly("named in strategy.canary");
    assertThat(plan.get(1).hosts()).containsExactly("h1", "h3", "h5");
  }

  @Test
  void spreadByPicksOneCanaryPerLabelValueBeforeASecond() {
    List<Host> targets = List.of(host("a1", Map.of("zone", "a")), host("a2", Map.of("zone", "a")),
        host("b1", Map.of("zone", "b")), host("none", Map.of()), host("c1", Map.of("zone", "c")));
    List<Wave> plan = WavePlanner.plan(strategy(3, List.of(), "100%", "zone"), targets);
    assertThat(plan.get(0).hosts()).containsExactly("a1", "b1", "c1");
    assertThat(plan.get(0).reasons()).containsExactly(
        "spreadBy zone: first target with zone=a", "spreadBy zone: first target with zone=b",
        "spreadBy zone: first target with zone=c");
    assertThat(plan.get(1).hosts()).containsExactly("a2", "none");
  }

  @Test
  void spreadByWavesMixTheLabelValues() {
    List<Host> targets = List.of(host("a1", Map.of("zone", "a")), host("a2", Map.of("zone", "a")),
        host("a3", Map.of("zone", "a")), host("b1", Map.of("zone", "b")),
        host("b2", Map.of("zone", "b")), host("b3", Map.of("zone", "b")));
    List<Wave> plan = WavePlanner.plan(strategy(0, List.of(), "2", "zone"), targets);
    assertThat(plan).extracting(Wave::hosts).containsExactly(List.of("a1", "b1"),
        List.of("a2", "b2"), List.of("a3", "b3"));
  }

  @Test
  void aCanaryWithoutTheSpreadLabelSaysWhyItWasPicked() {
    List<Host> targets = List.of(host("a1", Map.of("zone", "a")), host("x", Map.of()));
    Wave canary = WavePlanner.plan(strategy(2, List.of(), "100%", "zone"), targets).get(0);
    assertThat(canary.hosts()).containsExactly("a1", "x");
    assertThat(canary.reasons().get(1)).contains("has no zone label");
  }

  @Test
  void eachStageTakesDownWhatItsHostsServe() {
    List<Wave> plan = WavePlanner.plan(strategy(1, List.of(), "100%", null), numbered(3));
    assertThat(plan.get(0).serves()).containsExactly("h1.example.net");
    assertThat(plan.get(1).serves()).containsExactly("h2.example.net", "h3.example.net");
  }

  @ParameterizedTest(name = "{0} of {1} targets with {2} remaining is {3}")
  @CsvSource({
    "10%, 40, 40, 4", "10%, 41, 41, 5", "1%, 3, 3, 1", "100%, 10, 7, 7", "50%, 5, 4, 3",
    "3, 10, 2, 2", "3, 10, 9, 3",
  })
  void waveSizeRoundsPercentagesUpAndNeverExceedsWhatRemains(String size, int total,
      int remaining, int hosts) {
    WaveSize w = size.endsWith("%")
        ? new WaveSize(Integer.parseInt(size.substring(0, size.length() - 1)), true)
        : new WaveSize(Integer.parseInt(size), false);
    assertThat(w.hosts(total, remaining)).isEqualTo(hosts);
    assertThat(w).hasToString(size);
  }

  private static void assertEveryTargetInExactlyOneStage(List<Wave> plan, int targets) {
    List<String> all = plan.stream().flatMap(w -> w.hosts().stream()).toList();
    assertThat(all).doesNotHaveDuplicates().hasSize(targets);
  }

  static Strategy strategy(int canary, List<String> named, String waves, String spreadBy) {
    List<WaveSize> sizes = Arrays.stream(waves.trim().split("\\s+"))
        .map(s -> s.endsWith("%")
            ? new WaveSize(Integer.parseInt(s.substring(0, s.length() - 1)), true)
            : new WaveSize(Integer.parseInt(s), false))
        .toList();
    return new Strategy(new Canary(canary, named), Duration.ZERO, sizes, Duration.ZERO, 1,
        new Threshold(0, false), Strategy.OnFailure.ROLLBACK, Strategy.RollbackScope.CHANGED,
        false, spreadBy, false, Duration.ZERO);
  }
}
