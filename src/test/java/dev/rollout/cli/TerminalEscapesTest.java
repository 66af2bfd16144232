package dev.rollout.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollout.engine.Event;
import dev.rollout.engine.FailureClass;
import dev.rollout.report.MarkdownReport;
import dev.rollout.report.RunReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Control characters from a plan, an inventory, a step's output or a remote host reach no
 * terminal or report raw: ESC, BEL, a line break in one line and bidi overrides are written out
 * as escapes. Before, a plan's description or step name could clear the screen, set the window
 * title or fake output lines.
 */
class TerminalEscapesTest {

  private static final String RAW = "\u001b[2J\u001b]0;owned\u0007\u202e";
  private static final String SHOWN = "\\x1b[2J\\x1b]0;owned\\x07\\u202e";

  @TempDir Path dir;

  @Test
  void thePreviewShowsEscapesInTheDescriptionStepNameCommandAndHost() throws IOException {
    write("""
        name: p
        description: "clears \\e[2J\\e]0;owned\\a\\u202e the screen"
        targets: [web-1]
        change:
          - name: "step \\e[2J\\e]0;owned\\a\\u202e"
            run: "echo '\\e[2J\\e]0;owned\\a\\u202e'"
        rollback:
          - run: "true"
        """, "hosts:\n  web-1:\n    address: 127.0.0.1\n    serves: [\"web\\e[2J\\e]0;owned\\a\\u202e\"]\n");

    Cli r = Cli.run("plan", dir.resolve("plan.yml").toString(), "-i",
        dir.resolve("inventory.yml").toString());

    assertThat(r.code()).as(r.err()).isZero();
    assertRaw(r.out());
    assertThat(r.out()).contains("clears " + SHOWN + " the screen", "step " + SHOWN,
        "echo '" + SHOWN + "'", "web" + SHOWN);
  }

  @Test
  void aValidationProblemShowsTheHostileValueItQuotesEscaped() throws IOException {
    write("""
        name: p
        targets: [web-1]
        strategy:
          onFailure: "halt\\e[2J\\e]0;owned\\a\\u202e\\nplan.yml:1:1: fake"
        change:
          - run: "true"
        rollback:
          - run: "true"
        """, "hosts:\n  web-1:\n    address: 127.0.0.1\n");

    Cli r = Cli.run("validate", dir.resolve("plan.yml").toString(), "-i",
        dir.resolve("inventory.yml").toString());

    assertThat(r.code()).isEqualTo(2);
    assertRaw(r.err());
    assertThat(r.err()).contains("\"halt" + SHOWN + "\\x0aplan.yml:1:1: fake\"");
  }

  @Test
  void anErrorLineShowsWhatWasTypedEscaped() {
    Cli r = Cli.run("aply" + RAW);

    assertThat(r.code()).isEqualTo(2);
    assertRaw(r.err());
    assertThat(r.err()).contains("Unknown subcommand 'aply" + SHOWN + "'");
  }

  @Test
  void aProgressLineShowsARemoteHostsEscapesAndCannotFakeALine() {
    StringWriter out = new StringWriter();
    new ProgressLines(new PrintWriter(out, true)).onEvent(new Event.HostFailed(Instant.EPOCH,
        "web-1", FailureClass.UNHEALTHY, "exit 1: " + RAW + "\n1970-01-01T00:00:00Z done", 1),
        null);

    assertRaw(out.toString());
    assertThat(out.toString().lines()).hasSize(1);
    assertThat(out.toString()).contains("exit 1: " + SHOWN + "\\x0a1970");
  }

  @Test
  void planCheckShowsARemoteHostsRefusalEscaped() {
    StringWriter out = new StringWriter();
    PreflightCheck.print(List.of(new PreflightCheck.Result("web-1", false, "exit 1: " + RAW)),
        new PrintWriter(out, true));

    assertRaw(out.toString());
    assertThat(out.toString()).contains("REFUSED: exit 1: " + SHOWN);
  }

  @Test
  void theMarkdownReportShowsEscapesAndKeepsTheLineBreaksOfStepOutput() {
    RunReport report = new RunReport(1, "r1", "p" + RAW, "d" + RAW, "ROLLED_BACK", "s" + RAW,
        Instant.EPOCH, Instant.EPOCH, Map.of(), List.of("web-1"),
        List.of(new RunReport.Moment(Instant.EPOCH, "failed", "t" + RAW)),
        List.of(new RunReport.HostReport("web-1", "rolled back", List.of(new RunReport.StepRun(
            Instant.EPOCH, "change", 1, "n" + RAW, "ssh", 1, false, 5, null,
            "line 1\nline 2 " + RAW)), List.of(), "f" + RAW, Map.of())),
        new RunReport.ProbeTotals(0, 0), List.of());

    String md = MarkdownReport.render(report);

    assertRaw(md);
    // outside a step's output, Markdown's own characters are escaped too: [ and ] as \[ and \]
    String inline = SHOWN.replace("[", "\\[").replace("]", "\\]");
    assertThat(md).contains("# Rollout run r1: p" + inline, "line 1\nline 2 " + SHOWN,
        "Failed: f" + inline);
  }

  private static void assertRaw(String text) {
    assertThat(text).doesNotContain("\u001b", "\u0007", "\u202e");
  }

  private void write(String plan, String inventory) throws IOException {
    Files.writeString(dir.resolve("plan.yml"), plan);
    Files.writeString(dir.resolve("inventory.yml"), inventory);
  }
}
