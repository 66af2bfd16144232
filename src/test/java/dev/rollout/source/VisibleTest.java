package dev.rollout.source;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VisibleTest {

  @ParameterizedTest(name = "U+{0} is shown as {1}")
  @CsvSource({
    "001b, \\x1b",
    "0007, \\x07",
    "0000, \\x00",
    "000d, \\x0d",
    "0008, \\x08",
    "001f, \\x1f",
    "007f, \\x7f",
    "0080, \\x80",
    "009b, \\x9b",
    "009f, \\x9f",
    "202a, \\u202a",
    "202e, \\u202e",
    "2066, \\u2066",
    "2069, \\u2069",
  })
  void aControlCharacterIsWrittenOutAsAnEscape(String hex, String shown) {
    String c = String.valueOf((char) Integer.parseInt(hex, 16));

    assertThat(Visible.line("a" + c + "b")).isEqualTo("a" + shown + "b");
    assertThat(Visible.text("a" + c + "b")).isEqualTo("a" + shown + "b");
  }

  @Test
  void aTerminalEscapeCannotClearTheScreenOrSetTheTitle() {
    assertThat(Visible.line("deploy\u001b[2J\u001b]0;pwned\u0007"))
        .isEqualTo("deploy\\x1b[2J\\x1b]0;pwned\\x07");
  }

  @Test
  void aLineBreakInOneLineIsShownSoItCannotFakeALine() {
    assertThat(Visible.line("step\n2026-12-02T04:00:00Z web-1 changed\tok"))
        .isEqualTo("step\\x0a2026-12-02T04:00:00Z web-1 changed\\x09ok");
  }

  @Test
  void textKeepsItsLineBreaksAndTabs() {
    assertThat(Visible.text("line 1\n\tline 2\r\n")).isEqualTo("line 1\n\tline 2\\x0d\n");
  }

  @Test
  void printableTextIsLeftAsItIs() {
    String s = "jq '.\"storage-driver\"' \\ {{.Driver}} $HOME é ü 日本 — ✓ \u200b";
    assertThat(Visible.line(s)).isSameAs(s);
    assertThat(Visible.text(null)).isNull();
  }
}
