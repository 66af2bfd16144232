package dev.rollout.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** The summary after a live view, folded to the terminal's width. */
class FoldedLinesTest {

  @Test
  void foldsEachLineToTheWidthLessOneUnderItsText() {
    StringWriter screen = new StringWriter();
    PrintWriter out = new PrintWriter(new FoldedLines(new PrintWriter(screen), () -> 40, 14), true);

    out.println("Run r1: the change failed and was rolled back; every host healthy");
    out.printf("  %-11s %s%n", "rolled back", "host-01, host-02, host-03, host-04, host-05");
    out.println("short");

    assertThat(screen.toString().lines()).containsExactly(
        "Run r1: the change failed and was",
        "  rolled back; every host healthy",
        "  rolled back host-01, host-02,",
        "              host-03, host-04, host-05",
        "short");
  }
}
