package dev.rollout.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollout.engine.HostState;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The live view's block at a terminal's size: as wide as it, never wider, never taller. */
class StatusBlockTest {

  private static final Colors COLOUR = new Colors(true);

  @ParameterizedTest(name = "{0} columns")
  @ValueSource(ints = {40, 50, 80, 120, 160, 233})
  void everyLineFitsInTheWidthLessOneAndTheGridFillsIt(int columns) {
    StatusBlock block = block("wave 1", null, hosts(24, HostState.ROLLED_BACK));

    List<String> lines = block.lines(new TerminalSize(columns, 50), COLOUR);

    assertThat(lines).allSatisfy(l -> assertThat(DisplayWidth.of(l)).isLessThan(columns));
    int cell = "host-01 rolled back".length() + 2;
    int perRow = (columns - 1) / cell;
    assertThat(lines).hasSize(1 + (24 + perRow - 1) / perRow);
    assertThat(DisplayWidth.of(lines.get(1))).isGreaterThan(columns - 1 - cell);
  }

  @Test
  void saysEveryStateInWordsFailuresInCapitalsAndInRed() {
    Map<String, HostState> hosts = new LinkedHashMap<>();
    hosts.put("web-1", HostState.FAILED);
    hosts.put("web-2", HostState.ROLLED_BACK);
    hosts.put("web-3", HostState.CHANGED);
    hosts.put("web-4", HostState.UNREACHABLE);
    hosts.put("web-5", HostState.ROLLBACK_FAILED);

    String plain = String.join("\n", block("rollback", null, hosts)
        .lines(new TerminalSize(160, 24), Colors.OFF));
    String coloured = String.join("\n", block("rollback", null, hosts)
        .lines(new TerminalSize(160, 24), COLOUR));

    assertThat(plain).contains("web-1 FAILED", "web-2 rolled back", "web-3 changed",
        "web-4 UNREACHABLE", "web-5 ROLLBACK FAILED").doesNotContain("\u001b");
    assertThat(coloured).contains("web-1 \u001b[31mFAILED", "web-2 \u001b[33mrolled back",
        "web-3 \u001b[32mchanged", "web-4 \u001b[31mUNREACHABLE", "web-5 \u001b[31mROLLBACK");
  }

  @Test
  void namesTheWatchWithItsTimeLeftAndASoakAsTheStagesSoak() {
    StatusBlock watch = new StatusBlock("watch", "", false, Duration.ofSeconds(599), 0,
        hosts(2, HostState.CHANGED));
    StatusBlock soak = new StatusBlock("canary", "", true, Duration.ofMillis(11_400), 1,
        hosts(2, HostState.CHANGED));

    assertThat(watch.lines(new TerminalSize(80, 24), Colors.OFF).get(0))
        .isEqualTo("stage: watch, 9m59s left, failures 0");
    assertThat(soak.lines(new TerminalSize(80, 24), Colors.OFF).get(0))
        .isEqualTo("stage: canary, soak 11s left, failures 1");
  }

  @Test
  void aFleetTallerThanTheScreenShowsTheFailedFirstAndCountsTheRest() {
    Map<String, HostState> hosts = hosts(1000, HostState.PENDING);
    hosts.put("host-0777", HostState.FAILED);
    hosts.put("host-0001", HostState.CHANGED);

    List<String> lines = block("wave 2", null, hosts).lines(new TerminalSize(80, 24),
        Colors.OFF);

    assertThat(lines).hasSizeLessThanOrEqualTo(24 - 4);
    assertThat(lines.get(1))
        .startsWith("  host-0777 FAILED   host-0001 changed  host-0002 pending");
    assertThat(lines.get(lines.size() - 1)).matches("  and \\d+ more: \\d+ pending");
    assertThat(lines).allSatisfy(l -> assertThat(DisplayWidth.of(l)).isLessThan(80));
  }

  @Test
  void aHostNameWiderThanTheWindowIsCut() {
    StatusBlock block = block("canary", null, Map.of("h".repeat(60) + "-部署", HostState.CHANGING));

    List<String> lines = block.lines(new TerminalSize(40, 24), COLOUR);

    assertThat(lines).allSatisfy(l -> assertThat(DisplayWidth.of(l)).isLessThan(40));
    assertThat(lines.get(1)).endsWith(DisplayWidth.ELLIPSIS + "\u001b[0m");
  }

  private static StatusBlock block(String stage, Duration left, Map<String, HostState> hosts) {
    return new StatusBlock(stage, "", true, left, 0, hosts);
  }

  private static Map<String, HostState> hosts(int n, HostState state) {
    Map<String, HostState> hosts = new LinkedHashMap<>();
    for (int i = 1; i <= n; i++) {
      hosts.put(n >= 1000 ? "host-%04d".formatted(i) : "host-%02d".formatted(i), state);
    }
    return hosts;
  }
}
