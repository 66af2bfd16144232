package dev.rollout.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Plain lines say how preflight's connections go: first, last, and at most one a second. */
class ProgressLinesTest {

  @Test
  void printsTheFirstAndLastConnectingCountAndAtMostOneLineASecondBetween() {
    StringWriter text = new StringWriter();
    ProgressLines lines = new ProgressLines(new PrintWriter(text), Clock.fixed(
        Instant.parse("2026-11-25T10:00:00Z"), ZoneOffset.UTC));

    for (int answered = 0; answered <= 4; answered++) {
      lines.onConnecting(4, answered);
    }

    assertThat(text.toString().lines()).containsExactly(
        "2026-11-25T10:00:00Z connecting to 4 host(s) (0 answered)",
        "2026-11-25T10:00:00Z connecting to 4 host(s) (4 answered)");
  }
}
