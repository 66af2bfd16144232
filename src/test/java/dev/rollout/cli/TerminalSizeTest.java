package dev.rollout.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Where the live view's size comes from, and when there is a live view and colour at all. */
class TerminalSizeTest {

  @Test
  void readsSttySizeAsRowsThenColumns() {
    assertThat(TerminalSize.parseStty("30 160\n")).isEqualTo(new TerminalSize(160, 30));
    assertThat(TerminalSize.parseStty("0 0\n")).isNull();
    assertThat(TerminalSize.parseStty("stty: 'standard input': Inappropriate ioctl")).isNull();
  }

  @Test
  void fallsBackOnColumnsAndLinesThenOnEightyByTwentyFour() {
    assertThat(TerminalSize.fromEnvironment("132", "50")).isEqualTo(new TerminalSize(132, 50));
    assertThat(TerminalSize.fromEnvironment(null, null)).isEqualTo(TerminalSize.DEFAULT);
    assertThat(TerminalSize.fromEnvironment("wide", "-3")).isEqualTo(TerminalSize.DEFAULT);
  }

  @Test
  void neverNarrowerThanTheLeastTheViewCanDrawIn() {
    assertThat(new TerminalSize(3, 1)).isEqualTo(new TerminalSize(TerminalSize.MIN_COLUMNS,
        TerminalSize.MIN_ROWS));
  }

  @ParameterizedTest(name = "CI={0}: live view {1}")
  @CsvSource(nullValues = "null", value = {"null, false", "'', false", "true, true", "1, true",
      "false, false", "0, false", "woodpecker, true"})
  void aCiVariableMeansPlainLines(String ci, boolean inCi) {
    assertThat(LiveView.inCi(ci)).isEqualTo(inCi);
  }

  @ParameterizedTest(name = "NO_COLOR={0} TERM={1}: colour {2}")
  @CsvSource(nullValues = "null", value = {"null, xterm-256color, true", "1, xterm, false",
      "'', xterm, true", "null, dumb, false", "0, xterm, false"})
  void noColorOfAnyValueAndADumbTerminalMeanNoColour(String noColor, String term, boolean on) {
    assertThat(Colors.wanted(noColor, term)).isEqualTo(on);
  }
}
