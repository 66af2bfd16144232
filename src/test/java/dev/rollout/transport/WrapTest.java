package dev.rollout.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class WrapTest {

  static List<Object[]> splits() {
    return List.of(
        new Object[] {"docker exec web-1", List.of("docker", "exec", "web-1")},
        new Object[] {"  pct   exec\t101 --  ", List.of("pct", "exec", "101", "--")},
        new Object[] {"env NAME='my box'", List.of("env", "NAME=my box")},
        new Object[] {"env NAME=\"my box\"", List.of("env", "NAME=my box")},
        new Object[] {"env NAME=my\\ box", List.of("env", "NAME=my box")},
        new Object[] {"env A=\"say \\\"hi\\\" \\\\ \\$x\"", List.of("env", "A=say \"hi\" \\ $x")},
        new Object[] {"env A='it'\\''s'", List.of("env", "A=it's")},
        new Object[] {"env A=\"\\a\"", List.of("env", "A=\\a")},
        new Object[] {"env A='' B", List.of("env", "A=", "B")},
        new Object[] {"env ''", List.of("env", "")});
  }

  @ParameterizedTest
  @MethodSource("splits")
  void splitsAWrapIntoWordsByShellQuotingRules(String text, List<String> words) throws Exception {
    assertThat(Wrap.parse(text).words()).isEqualTo(words);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "env 'unclosed        | 4 | single quote is never closed",
      "env \"unclosed       | 4 | double quote is never closed",
      "env trailing\\       | 12 | ends in a backslash",
      "'   '                | 0 | the wrap is empty",
  })
  void refusesAWrapThatDoesNotParse(String text, int offset, String message) {
    Wrap.Invalid e = catchThrowableOfType(Wrap.Invalid.class, () -> Wrap.parse(text));

    assertThat(e.offset()).isEqualTo(offset);
    assertThat(e.getMessage()).contains(message);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "sh -c", "bash -c", "bash -lc", "docker exec web-1 sh -ec", "su -c", "su root -c",
      "su --command", "/usr/bin/ssh node-a", "ssh -t node-a", "eval"})
  void refusesAWrapThatWouldConsumeTheCommandAsItsOwnArgument(String text) {
    Wrap.Invalid e = catchThrowableOfType(Wrap.Invalid.class, () -> Wrap.validate(text));

    assertThat(e).as(text).isNotNull();
    assertThat(e.getMessage()).containsAnyOf("take the word after it as the command",
        "joins its arguments");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "docker exec web-1; rm -rf / | 17",
      "docker exec $NAME           | 12",
      "env A=\"$(id)\"              | 7",
      "docker exec `id`            | 12",
      "lxc-attach -n a > /tmp/x    | 16",
  })
  void refusesShellSyntaxOutsideSingleQuotes(String text, int offset) {
    Wrap.Invalid e = catchThrowableOfType(Wrap.Invalid.class, () -> Wrap.validate(text));

    assertThat(e.offset()).isEqualTo(offset);
    assertThat(e.getMessage()).contains("shell syntax '" + text.charAt(offset) + "'");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "docker exec web-1", "pct exec 101 --", "env NAME='my box'", "env A='$(id); x'",
      "env A=\\$HOME", "lxc-attach -n web --", "docker exec -u root web-1 env -i",
      "kubectl exec pod -c app --"})
  void acceptsAWrapThatPassesTheCommandOn(String text) throws Exception {
    assertThat(Wrap.validate(text).text()).isEqualTo(text);
  }

  @org.junit.jupiter.api.Test
  void wrapsACommandWithEveryWordQuotedOnce() throws Exception {
    Wrap wrap = Wrap.parse("env NAME='my box' X=it\\'s");

    assertThat(wrap.around("echo \"$NAME\""))
        .isEqualTo("'env' 'NAME=my box' 'X=it'\\''s' sh -c 'echo \"$NAME\"'");
  }

  @org.junit.jupiter.api.Test
  void aMarkerProvesOnlyWhenPrintedNotWhenEchoedBack() {
    String proof = Wrap.proofCommand("ab12");

    assertThat(Wrap.proves("rollout-wrap-ab12\n", "ab12")).isTrue();
    assertThat(Wrap.proves(proof + "\n", "ab12")).isFalse();
    assertThat(Wrap.proves("sh -c " + proof + "\n", "ab12")).isFalse();
    assertThat(Wrap.proves("", "ab12")).isFalse();
  }
}
