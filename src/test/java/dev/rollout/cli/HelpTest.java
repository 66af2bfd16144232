package dev.rollout.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;

/** The help of every command, --version, "did you mean" and the completion script. */
class HelpTest {

  static Stream<String> subcommands() {
    return root().getSubcommands().keySet().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("subcommands")
  void everySubcommandsHelpStartsWithItsPurposeAndEndsWithExamplesOfIt(String name) {
    Cli help = Cli.run(name, "--help");

    assertThat(help.code()).as(help.err()).isZero();
    String purpose = purpose(name);
    assertThat(help.out().lines().findFirst()).contains(purpose);
    assertThat(examples(help.out()))
        .as("the examples of rollout %s", name)
        .anyMatch(line -> line.matches(".*\\brollout " + Pattern.quote(name) + "\\b.*"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("subcommands")
  void everySubcommandsHelpShowsTheDefaultOfEachOptionThatHasOne(String name) {
    String help = oneLine(Cli.run(name, "--help").out());
    CommandSpec spec = root().getSubcommands().get(name).getCommandSpec();

    List<ArgSpec> withDefaults = spec.args().stream()
        .filter(a -> !a.hidden() && a.defaultValue() != null)
        .filter(a -> a.type() != boolean.class && a.type() != Boolean.class).toList();
    for (ArgSpec arg : withDefaults) {
      assertThat(help).as("%s %s", name, arg.paramLabel())
          .contains("(default: " + arg.defaultValue() + ")");
    }
    assertThat(help).doesNotContain("(default: null)");
  }

  @Test
  void planHelpShowsInventoryYmlAsTheDefaultInventory() {
    Cli help = Cli.run("plan", "--help");

    assertThat(oneLine(help.out()))
        .contains("-i, --inventory=FILE The inventory file (default: inventory.yml).")
        .contains("-o, --output=FORMAT text, or json: a stable document for CI (default: text).");
  }

  @Test
  void topLevelHelpListsEveryCommandWithItsPurposeAndShowsExamplesWithTheDemo() {
    Cli help = Cli.run("--help");

    assertThat(help.code()).isZero();
    assertThat(help.out().lines().findFirst()).contains(root().getCommandSpec().usageMessage()
        .header()[0]);
    subcommands().forEach(name -> assertThat(help.out().lines())
        .as("the line of %s in the list of commands", name)
        .anyMatch(line -> line.matches("  " + Pattern.quote(name) + " +"
            + Pattern.quote(purpose(name)))));
    assertThat(examples(help.out())).contains("    rollout demo",
        "    rollout apply plans/docker-storage-driver.yml --yes --until canary",
        "    source <(rollout completion)");
  }

  @Test
  void versionIsTheMavenProjectVersion() throws IOException {
    Cli version = Cli.run("--version");

    assertThat(version.code()).isZero();
    assertThat(version.out()).isEqualTo("rollout " + projectVersion() + System.lineSeparator());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("subcommands")
  void everySubcommandPrintsTheVersionOfRollout(String name) throws IOException {
    Cli version = Cli.run(name, "--version");

    assertThat(version.code()).isZero();
    assertThat(version.out().strip()).isEqualTo("rollout " + projectVersion());
  }

  @Test
  void aMistypedSubcommandGetsOneErrorLineAndTheClosestCommand() {
    Cli r = Cli.run("aply", "x.yml");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err().lines()).containsExactly(
        "rollout: error: Unknown subcommand 'aply'",
        "  hint: did you mean \"rollout apply\"? (see: rollout --help)");
  }

  @Test
  void aMistypedOptionGetsOneErrorLineAndTheClosestOption() {
    Cli r = Cli.run("apply", "plan.yml", "--yse");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err().lines()).containsExactly(
        "rollout: error: Unknown option: '--yse'",
        "  hint: did you mean \"--yes\"? (see: rollout apply --help)");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      hisotry                                | see: rollout --help | rollout history
      stat                                   | see: rollout --help | rollout status
      plna x.yml                             | see: rollout --help | rollout plan
      completoin                             | see: rollout --help | rollout completion
      status --stat x                        | see: rollout status --help | --state
      apply x.yml --inventroy=a.yml          | see: rollout apply --help | --inventory
      report --formt json                    | see: rollout report --help | --format
      """)
  void closeTyposAreAnswered(String args, String see, String meant) {
    Cli r = Cli.run(args.split(" "));

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().lines().skip(1))
        .containsExactly("  hint: did you mean \"" + meant + "\"? (" + see + ")");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      frobnicate        | Unknown subcommand 'frobnicate'           | see: rollout --help
      apply x.yml -z    | Unknown option: '-z'                      | see: rollout apply --help
      apply x.yml --yy  | Unknown option: '--yy'                    | see: rollout apply --help
      apply x.yml extra | Unmatched argument at index 2: 'extra'    | see: rollout apply --help
      """)
  void nothingCloseGetsNoGuess(String args, String error, String see) {
    Cli r = Cli.run(args.split(" "));

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().lines()).containsExactly("rollout: error: " + error, "  hint: " + see);
  }

  @Test
  void completionPrintsABashScriptThatRegistersRollout() {
    Cli r = Cli.run("completion");

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).startsWith("#!/usr/bin/env bash")
        .contains("complete -F _complete_rollout -o default rollout");
  }

  @Test
  void bashLoadsTheCompletionScriptAndCompletesCommandsOptionsAndValues(@TempDir Path dir)
      throws Exception {
    Path script = dir.resolve("rollout-completion.bash");
    Files.writeString(script, Cli.run("completion").out());

    String out = bash(script, """
        complete -p rollout
        complete_line() {
          COMP_LINE="$1"; COMP_POINT=${#COMP_LINE}; read -ra COMP_WORDS <<< "$1 "
          [[ "$1" == *" " ]] && COMP_WORDS+=("")
          COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 )); COMPREPLY=()
          _complete_rollout 2> /dev/null
          echo "$1 => ${COMPREPLY[*]}"
        }
        complete_line "rollout ap"
        complete_line "rollout apply --un"
        complete_line "rollout apply --output "
        complete_line "rollout demo --scenario "
        """);

    assertThat(out.lines()).containsExactly(
        "complete -o default -F _complete_rollout rollout",
        "rollout ap => apply",
        "rollout apply --un => --until",
        "rollout apply --output  => text json",
        "rollout demo --scenario  => incident healthy");
  }

  private static String bash(Path script, String commands) throws Exception {
    Process p;
    try {
      p = new ProcessBuilder("bash", "-c", "source \"$1\" || exit 9\n" + commands, "bash",
          script.toString()).redirectErrorStream(true).start();
    } catch (IOException e) {
      Assumptions.abort("bash is not installed here, so the script cannot be loaded: " + e);
      throw e;
    }
    try {
      return assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        return out;
      });
    } finally {
      p.destroyForcibly();
    }
  }

  private static CommandLine root() {
    PrintWriter nowhere = new PrintWriter(Writer.nullWriter());
    return Main.commandLine(nowhere, nowhere);
  }

  /** The command's one-line purpose: its picocli header, which must be exactly one line. */
  private static String purpose(String name) {
    String[] header = root().getSubcommands().get(name).getCommandSpec().usageMessage().header();
    assertThat(header).as("the one-line purpose (header) of rollout %s", name).hasSize(1);
    assertThat(header[0]).isNotBlank().hasSizeLessThanOrEqualTo(66);
    return header[0];
  }

  /** The lines after the "Examples:" heading; fails when there is none. */
  private static List<String> examples(String help) {
    List<String> lines = help.lines().toList();
    assertThat(lines).as("an Examples: heading").contains("Examples:");
    return lines.subList(lines.indexOf("Examples:") + 1, lines.size());
  }

  /** The help text with every run of white space (line wraps, indents) as one space. */
  private static String oneLine(String text) {
    return text.replaceAll("\\s+", " ");
  }

  /** The project version, read from pom.xml, not from what the build wrote for --version. */
  private static String projectVersion() throws IOException {
    String pom = Files.readString(Path.of("pom.xml"));
    Matcher m = Pattern.compile("<artifactId>rollout</artifactId>\\s*<version>([^<]+)</version>")
        .matcher(pom);
    assertThat(m.find()).as("the project version in pom.xml").isTrue();
    return m.group(1);
  }
}
