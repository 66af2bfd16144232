package dev.rollout.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Display width as a terminal counts it, tmux being the oracle: each sample is printed in a real
 * tmux window and the column its cursor ends on is read back.
 */
class DisplayWidthTest {

  private static final List<String> SAMPLES = List.of("host-01 changed", "部署 web-1",
      "🚀 go", "✅ done", "⚠️ warn", "e\u0301t\u00e9", "\u001b[31mFAILED\u001b[0m", "ｆｕｌｌ",
      "한국어", "a\u200db", "👍🏽", "\u2026");

  @TempDir Path dir;

  @Test
  void countsColumnsAsTmuxDoes() {
    Assumptions.assumeTrue(Tmux.available(), "tmux is not installed (apt-get install tmux)");
    try (Tmux tmux = Tmux.start(dir, 100, 5, "true")) {
      for (int i = 0; i < SAMPLES.size(); i++) {
        tmux.printInWindow("s" + i, "X" + SAMPLES.get(i) + "Y");
      }
      for (int i = 0; i < SAMPLES.size(); i++) {
        String window = "s" + i;
        await().atMost(Duration.ofSeconds(10)).until(() -> tmux.text(window).contains("Y"));
        assertThat(DisplayWidth.of(SAMPLES.get(i))).as(SAMPLES.get(i))
            .isEqualTo(tmux.cursorX(window) - 2);
      }
    }
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "host-01 changed|15|host-01 changed",
    "host-01 changed|10|host-01 c\u2026",
    "部署部署|5|部署\u2026",
    "部署部署|4|部\u2026",
    "ab|1|\u2026",
  })
  void cutsToTheColumnsGivenWithAnEllipsis(String text, int max, String expected) {
    assertThat(DisplayWidth.fit(text, max)).isEqualTo(expected);
    assertThat(DisplayWidth.of(DisplayWidth.fit(text, max))).isLessThanOrEqualTo(max);
  }

  @Test
  void aCutColouredTextEndsWithAReset() {
    String cut = DisplayWidth.fit("\u001b[31mrolled back\u001b[0m", 6);

    assertThat(cut).isEqualTo("\u001b[31mrolle\u2026\u001b[0m");
    assertThat(DisplayWidth.of(cut)).isEqualTo(6);
  }

  @Test
  void foldsAtASpaceAndIndentsTheLinesAfterTheFirst() {
    List<String> lines = DisplayWidth.fold("12:00:00 host-02: FAILED (verify failed): verify "
        + "step \"部署\" exited 1", 30, 9);

    assertThat(lines).containsExactly("12:00:00 host-02: FAILED",
        "         (verify failed):", "         verify step \"部署\"", "         exited 1");
    assertThat(lines).allSatisfy(l -> assertThat(DisplayWidth.of(l)).isLessThanOrEqualTo(30));
  }

  @Test
  void foldsAWordLongerThanALineWhereItMust() {
    List<String> lines = DisplayWidth.fold("x " + "y".repeat(50), 20, 4);

    assertThat(lines).allSatisfy(l -> assertThat(DisplayWidth.of(l)).isLessThanOrEqualTo(20));
    assertThat(String.join("", lines).replace(" ", "")).isEqualTo("x" + "y".repeat(50));
  }
}
