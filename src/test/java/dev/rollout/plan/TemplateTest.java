package dev.rollout.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollout.plan.ShellScan.Context;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TemplateTest {

  private static final Template.Values VALUES = ref -> Map.of(
      "host.name", "web-1", "host.address", "10.0.0.11", "vars.msg", "it's \"$HOME\" `x`",
      "run.id", "r-42").get(ref.namespace() + "." + ref.key());

  @ParameterizedTest(name = "{0}  ->  {1}")
  @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
    "echo ${host.name}          | ROLLOUT_HOST_NAME='web-1'; export ROLLOUT_HOST_NAME; "
        + "echo \"${ROLLOUT_HOST_NAME}\"",
    "echo ${ host.name }        | ROLLOUT_HOST_NAME='web-1'; export ROLLOUT_HOST_NAME; "
        + "echo \"${ROLLOUT_HOST_NAME}\"",
    "touch /tmp/x.${run.id}     | ROLLOUT_RUN_ID='r-42'; export ROLLOUT_RUN_ID; "
        + "touch /tmp/x.\"${ROLLOUT_RUN_ID}\"",
    "echo ${vars.msg}           | ROLLOUT_VAR_MSG='it'\\''s \"$HOME\" `x`'; "
        + "export ROLLOUT_VAR_MSG; echo \"${ROLLOUT_VAR_MSG}\"",
    "echo \"a ${vars.msg} b\"    | ROLLOUT_VAR_MSG='it'\\''s \"$HOME\" `x`'; "
        + "export ROLLOUT_VAR_MSG; echo \"a ${ROLLOUT_VAR_MSG} b\"",
    "ping ${host.address} && echo ${host.name} ${host.address} | ROLLOUT_HOST_ADDRESS='10.0.0.11'; "
        + "ROLLOUT_HOST_NAME='web-1'; export ROLLOUT_HOST_ADDRESS ROLLOUT_HOST_NAME; "
        + "ping \"${ROLLOUT_HOST_ADDRESS}\" && echo \"${ROLLOUT_HOST_NAME}\" "
        + "\"${ROLLOUT_HOST_ADDRESS}\"",
  })
  void putsValuesInAPreambleAndReferencesThemAsShellVariables(String text, String rendered) {
    assertThat(Template.command(text.strip(), VALUES)).isEqualTo(rendered.strip());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
    "echo $HOME", "echo ${HOME}", "echo ${HOME:-/root}", "docker info --format '{{.Driver}}'",
    "test \"$(docker info --format '{{.Driver}}')\" = vfs", "echo $$ $1 ${#}", "echo '${x}'",
  })
  void leavesTheShellsAndGosOwnTemplatesAlone(String text) {
    assertThat(Template.references(text)).isEmpty();
    assertThat(Template.command(text, VALUES)).isEqualTo(text);
    assertThat(Template.refusals(text)).isEmpty();
  }

  @Test
  void keepsGoTemplatesBesideAVariable() {
    assertThat(Template.command("docker inspect -f '{{.State.Running}}' ${host.name}", VALUES))
        .endsWith("; docker inspect -f '{{.State.Running}}' \"${ROLLOUT_HOST_NAME}\"");
  }

  @Test
  void plainTextIsSubstitutedWithoutQuoting() {
    assertThat(Template.plain("https://${host.address}:8443/health?h=${host.name}", VALUES))
        .isEqualTo("https://10.0.0.11:8443/health?h=web-1");
  }

  @Test
  void findsEveryReferenceWithItsOffset() {
    assertThat(Template.references("a ${host.name} b ${vars.url}"))
        .extracting(Template.Reference::text, Template.Reference::offset)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("${host.name}", 2),
            org.assertj.core.groups.Tuple.tuple("${vars.url}", 17));
  }

  @Test
  void givesClashingKeysDistinctShellVariables() {
    String out = Template.command("echo ${vars.a-b} ${vars.a_b} ${vars.a-b}", ref -> ref.key());
    assertThat(out).isEqualTo("ROLLOUT_VAR_A_B='a-b'; ROLLOUT_VAR_A_B_2='a_b'; "
        + "export ROLLOUT_VAR_A_B ROLLOUT_VAR_A_B_2; "
        + "echo \"${ROLLOUT_VAR_A_B}\" \"${ROLLOUT_VAR_A_B_2}\" \"${ROLLOUT_VAR_A_B}\"");
  }

  @ParameterizedTest(name = "{1}: {0}")
  @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
    "echo ${host.name}                              | BARE",
    "echo \"a\" ${host.name}                        | BARE",
    "echo \\' ${host.name}                          | BARE",
    "echo 'a' ${host.name}                          | BARE",
    "echo $(cat ${host.name})                       | BARE",
    "echo # it's a comment\\necho ${host.name}      | BARE",
    "echo `cat ${host.name}`                        | BARE",
    "echo \"`cat ${host.name}`\"                    | BARE",
    "echo \"$(echo \"${host.name}\")\"              | QUOTED",
    "echo \"$(cat ${host.name})\"                   | BARE",
    "echo $(echo $(echo \"$(echo ${host.name})\"))  | BARE",
    "echo ${U:-\"${host.name}\"}                    | QUOTED",
    "echo \"${U:-${host.name}}\"                    | QUOTED",
    "echo ${U:-${host.name}}                        | BARE",
    "case x in a) echo \"${host.name}\";; esac      | QUOTED",
    "echo $(case x in a) echo;; esac) ${host.name}  | BARE",
    "(echo a)#${host.name}                          | COMMENT",
    "echo $(echo a)#${host.name}                    | BARE",
    "cat <<< ${host.name}                           | BARE",
    "echo \"x ${host.name}\"                        | QUOTED",
    "echo \"it's ${host.name}\"                     | QUOTED",
    "cat <<EOF\\nsay \"${host.name}\"\\nEOF         | QUOTED",
    "cat <<-EOF\\n\\tx\\n\\tEOF\\necho ${host.name} | BARE",
    "cat <<EOF\\n$(echo ${host.name})\\nEOF         | BARE",
    "echo '${host.name}'                            | LITERAL",
    "echo 'a \" b ${host.name}'                     | LITERAL",
    "echo \"a\\${host.name}\"                       | LITERAL",
    "echo $'a ${host.name}'                         | LITERAL",
    "cat <<'EOF'\\n${host.name}\\nEOF               | LITERAL",
    "cat <<\"EOF\"\\n${host.name}\\nEOF             | LITERAL",
    "${host.name} --version                         | COMMAND",
    "X=1 sudo ${host.name}                          | COMMAND",
    "true; ${host.name}                             | COMMAND",
    "echo $(${host.name})                           | COMMAND",
  })
  void tellsHowTheShellReadsWhereAReferenceStands(String text, Context expected) {
    String t = text.strip().replace("\\n", "\n").replace("\\t", "\t");
    int at = t.indexOf("${host.name}");
    assertThat(ShellScan.contexts(t, Template.spans(t))).containsEntry(at, expected);
  }

  @Test
  void checksAndRendersAnyTextWithoutFailing() {
    String[] parts = {"${vars.X}", "${host.name}", "$(", ")", "${", "}", "'", "\"", "`", "\\",
      "#", "\n", "<<", "<<-", "<<<", "EOF", "'EOF'", "case ", " in ", "esac", "((", "$'", "[[",
      " -eq ", "sh -c ", "read ", ";", "&", "|", " ", "a", "=", "(", "[", "]", "\t", "-"};
    java.util.Random r = new java.util.Random(7);
    for (int n = 0; n < 20_000; n++) {
      StringBuilder b = new StringBuilder();
      for (int k = r.nextInt(25); k > 0; k--) {
        b.append(parts[r.nextInt(parts.length)]);
      }
      String text = b.toString();
      List<Template.Refusal> refusals = Template.refusals(text);
      String rendered = Template.command(text, ref -> "v");
      assertThat(rendered).as("rendering of %s", text).doesNotContain("${vars.", "${host.");
      assertThat(refusals).allSatisfy(x -> assertThat(x.message()).isNotBlank());
    }
  }

  @Test
  void refusesToCheckACommandWithVariablesOverTheLimit() {
    String text = "echo ${vars.X} " + "x".repeat(Template.MAX_CHECKED);
    assertThat(Template.refusals(text)).singleElement()
        .satisfies(r -> assertThat(r.message()).startsWith("a command that uses variables is at "
            + "most 16 KiB"));
  }

  @Test
  void reportsEachConstructOnce() {
    assertThat(Template.refusals("echo $((1)) $((2)) $((${vars.X}))")).singleElement()
        .satisfies(r -> assertThat(r.message()).contains("(( )) (character 7)"));
  }
}
