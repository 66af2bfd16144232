package dev.rollout.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every duration, timeout and interval a plan gives is bounded to what the engine can hold, at
 * most 1000 days, and zero is refused where it cannot mean anything (a timeout, an interval); each
 * refusal is exit 2 with file:line:column. Before, {@code interval: 999999999d} passed and
 * overflowed at run time into an internal error with the canary left verifying and locks held,
 * and {@code timeout: 0s} passed and failed every step.
 */
class DurationBoundsTest {

  /** Where each key's value stands in the plan below: line and column. */
  private static final Map<String, String> AT = Map.of("soak", "4:9", "waveSoak", "5:13",
      "watch", "6:10", "step", "9:14", "interval", "13:13", "probe", "16:16");

  @TempDir Path dir;

  @ParameterizedTest(name = "{0}: {1} is refused: {2}")
  @CsvSource(delimiter = '|', value = {
    "interval | 999999999d | is longer than 1000d, the longest Rollout can wait for",
    "interval | 1001d      | is longer than 1000d",
    "interval | 0s         | the interval must be more than zero",
    "interval | 0          | the interval must be more than zero",
    "step     | 0s         | the step's timeout must be more than zero",
    "step     | 999999999d | is longer than 1000d",
    "probe    | 0ms        | the probe's timeout must be more than zero",
    "probe    | 5000d      | is longer than 1000d",
    "soak     | 999999999d | is longer than 1000d",
    "soak     | 1000d1s    | is longer than 1000d",
    "waveSoak | 999999999h | is longer than 1000d",
    "watch    | 24000h1ms  | is longer than 1000d",
  })
  void aDurationTheEngineCannotHoldIsRefusedWithItsPosition(String key, String value,
      String message) throws IOException {
    Cli r = validate(key, value);

    assertThat(r.code()).as(r.err()).isEqualTo(2);
    assertThat(r.err()).contains(dir.resolve("plan.yml") + ":" + AT.get(key) + ": ")
        .contains(message).doesNotContain("internal error", "Exception");
    assertThat(r.err().lines().filter(l -> l.contains("plan.yml:"))).hasSize(1);
  }

  @ParameterizedTest(name = "{0}: {1} is accepted")
  @CsvSource(delimiter = '|', value = {
    "soak     | 0s",
    "waveSoak | 0",
    "watch    | 0s",
    "soak     | 1000d",
    "watch    | 24000h",
    "interval | 1000d",
    "interval | 1ms",
    "step     | 1000d",
    "probe    | 250ms",
  })
  void aDurationWithinTheBoundsIsAccepted(String key, String value) throws IOException {
    Cli r = validate(key, value);

    assertThat(r.code()).as(r.err()).isZero();
  }

  private Cli validate(String key, String value) throws IOException {
    Map<String, String> v = new LinkedHashMap<>(Map.of("soak", "1m", "waveSoak", "1m",
        "watch", "0s", "step", "5m", "interval", "30s", "probe", "5s"));
    v.put(key, value);
    Files.writeString(dir.resolve("inventory.yml"), """
        hosts:
          web-1:
            address: 127.0.0.1
        """);
    Files.writeString(dir.resolve("plan.yml"), """
        name: p
        targets: [web-1]
        strategy:
          soak: %s
          waveSoak: %s
          watch: %s
        change:
          - run: "true"
            timeout: %s
        rollback:
          - run: "true"
        health:
          interval: %s
          probes:
            - tcp: "127.0.0.1:22"
              timeout: %s
        """.formatted(v.get("soak"), v.get("waveSoak"), v.get("watch"), v.get("step"),
        v.get("interval"), v.get("probe")));
    return Cli.run("validate", dir.resolve("plan.yml").toString(), "-i",
        dir.resolve("inventory.yml").toString());
  }
}
