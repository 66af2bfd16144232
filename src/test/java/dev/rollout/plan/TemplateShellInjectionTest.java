package dev.rollout.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Proves with a real shell that a hostile value substituted into a command is printed literally
 * and runs nothing: each rendered command, accepted by validation, runs under {@code sh -c} (and
 * {@code bash -c}, {@code busybox sh -c}) in a temporary directory holding a file {@code keep};
 * afterwards {@code keep} is still there and no {@code pwned} file exists. The shapes include the
 * ones where the old position-dependent quoting ran the value: nested double quotes inside
 * {@code $(...)}, a default {@code ${UNSET:-"..."}} and a {@code #} after a {@code )}.
 */
class TemplateShellInjectionTest {

  private static final List<String> HOSTILE = List.of(
      "'; rm -f keep; touch pwned #",
      "$(touch pwned)",
      "`touch pwned`",
      "x`;touch pwned;`y",
      "\"; touch pwned; echo \"",
      "\\\"; touch pwned; #",
      "a\nb; touch pwned",
      "'\n touch pwned\n'",
      "$HOME ${HOME} $((1+1)) !! *",
      "}; touch pwned; {",
      "'",
      "\\",
      "");

  /** Commands that print the value alone on a line, in bare and double-quoted positions. */
  private static final List<String> COMMANDS = List.of(
      "printf '%s\\n' ${vars.v}",
      "printf '%s\\n' \"${vars.v}\"",
      "printf '%s\\n' \"prefix ${vars.v} suffix\"",
      "printf '%s\\n' prefix${vars.v}suffix",
      "v=${vars.v}; printf '%s\\n' \"$v\"",
      "printf '%s\\n' \"$(printf '%s' \"${vars.v}\")\"",
      "printf '%s\\n' \"$(printf '%s' \"$(printf '%s' \"$(printf '%s' ${vars.v})\")\")\"",
      "printf '%s\\n' ${UNSET:-\"${vars.v}\"}",
      "(printf '%s\\n' ${vars.v})#${vars.v}");

  static Stream<Arguments> cases() {
    List<Arguments> out = new ArrayList<>();
    for (String shell : List.of("/bin/sh", "/bin/bash", "/usr/bin/busybox")) {
      for (String command : COMMANDS) {
        for (String value : HOSTILE) {
          out.add(Arguments.of(shell, command, value));
        }
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0}: {1} with [{2}]")
  @MethodSource("cases")
  void hostileValueIsPrintedLiterallyAndRunsNothing(String shell, String command, String value,
      @TempDir Path dir) throws IOException, InterruptedException {
    assumeTrue(Files.isExecutable(Path.of(shell)), shell + " is not installed here");
    Files.writeString(dir.resolve("keep"), "keep");
    assertThat(Template.refusals(command)).as("refusals of %s", command).isEmpty();
    String rendered = Template.command(command, ref -> value);

    String printed = run(shell, rendered, dir);

    assertThat(Files.exists(dir.resolve("pwned"))).as("pwned file after: %s", rendered).isFalse();
    assertThat(Files.exists(dir.resolve("keep"))).as("keep file after: %s", rendered).isTrue();
    assertThat(printed).as("output of: %s", rendered).isEqualTo(expected(command, value) + "\n");
  }

  private static String expected(String command, String value) {
    if (command.contains("prefix ")) {
      return "prefix " + value + " suffix";
    }
    if (command.contains("prefix$")) {
      return "prefix" + value + "suffix";
    }
    return value;
  }

  private static String run(String shell, String command, Path dir)
      throws IOException, InterruptedException {
    List<String> argv = shell.endsWith("busybox") ? List.of(shell, "sh", "-c", command)
        : List.of(shell, "-c", command);
    Process p = new ProcessBuilder(argv).directory(dir.toFile())
        .redirectErrorStream(true).start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(10, TimeUnit.SECONDS)).as("%s finished", shell).isTrue();
    assertThat(p.exitValue()).as("exit of %s; output %s", command, out).isZero();
    return out;
  }
}
