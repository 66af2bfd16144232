package dev.rollout.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollout.plan.Template.Quoting;
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
    "echo ${host.name}              | echo 'web-1'",
    "echo ${ host.name }            | echo 'web-1'",
    "ping -c1 ${host.address}       | ping -c1 '10.0.0.11'",
    "touch /tmp/x.${run.id}         | touch /tmp/x.'r-42'",
    "echo ${vars.msg}               | echo 'it'\\''s \"$HOME\" `x`'",
    "echo \"${vars.msg}\"           | echo \"it's \\\"\\$HOME\\\" \\`x\\`\"",
    "echo $(cat ${host.name})       | echo $(cat 'web-1')",
  })
  void substitutesAndShellQuotesEachValue(String text, String rendered) {
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

  @ParameterizedTest(name = "{1}: {0}")
  @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
    "echo ${host.name}                              | BARE",
    "echo \"a\" ${host.name}                        | BARE",
    "echo \\' ${host.name}                          | BARE",
    "echo 'a' ${host.name}                          | BARE",
    "echo $(cat ${host.name})                       | BARE",
    "echo # it's a comment\\necho ${host.name}      | BARE",
    "echo \"x ${host.name}\"                        | DOUBLE",
    "echo \"it's ${host.name}\"                     | DOUBLE",
    "echo '${host.name}'                            | SINGLE",
    "echo 'a \" b ${host.name}'                     | SINGLE",
    "cat <<EOF\\n${host.name}\\nEOF                 | UNSAFE",
    "cat <<'EOF'\\n${host.name}\\nEOF               | UNSAFE",
    "echo \"$(cat ${host.name})\"                   | UNSAFE",
    "echo \"`cat ${host.name}`\"                    | UNSAFE",
    "echo `cat ${host.name}`                        | UNSAFE",
    "echo `date` ${host.name}                       | BARE",
  })
  void tellsTheQuotingWhereAReferenceStands(String text, Quoting expected) {
    String t = text.strip().replace("\\n", "\n");
    assertThat(Template.quotingAt(t, t.indexOf("${host.name}"))).isEqualTo(expected);
  }
}
