package dev.rollout.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Where a variable may stand in a command. Refused: where the shell would not expand it, where it
 * names the command, and any command that uses variables together with a construct under which a
 * shell evaluates a value as code. Accepted: the shapes real plans use. For the refused
 * constructs, bash shows that the value would indeed run if the position were let through.
 */
class TemplateRefusalTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
    "echo $(( ${vars.X} + 1 ))                   | (( ))",
    "(( ${vars.X} > 1 )) && echo big               | (( ))",
    "n=${vars.X}; echo $((n + 1))                  | (( ))",
    "for ((i=0; i<${vars.X}; i++)); do :; done     | (( ))",
    "echo $[ ${vars.X} + 1 ]                       | $[ ]",
    "[[ ${vars.X} -eq 1 ]] && echo one             | [[ -eq/-v ]]",
    "n=${vars.X}; [[ $n -lt 3 ]] && echo few       | [[ -eq/-v ]]",
    "[[ -v ${vars.X} ]]                            | [[ -eq/-v ]]",
    "let n=${vars.X}                               | let",
    "eval \"echo ${vars.X}\"                       | eval",
    "builtin eval echo ${vars.X}                   | eval",
    "declare -i n=${vars.X}                        | declare",
    "typeset n=${vars.X}                           | typeset",
    "f() { local n=${vars.X}; }; f                 | local",
    "printf -v ${vars.X} x                         | printf -v",
    "test -v ${vars.X}                             | test -v",
    "[ -v ${vars.X} ] && echo set                  | test -v",
    "read ${vars.X} <<< x                          | read/unset NAME",
    "unset ${vars.X}                               | read/unset NAME",
    "mapfile -t ${vars.X} < /etc/hosts             | mapfile",
    "a=(1 2); echo ${a[${vars.X}]}                 | ${X[...]} or ${X:offset}",
    "s=abc; echo ${s:${vars.X}}                    | ${X[...]} or ${X:offset}",
    "n=${vars.X}; echo ${!n}                       | ${!X}",
    "a[${vars.X}]=1                                | X[...]=",
    "n=${vars.X}; echo \"${n@P}\"                 | ${X@P}",
    "GIT_SSH_COMMAND=${vars.X} git fetch           | GIT_SSH_COMMAND",
    "export PAGER=${vars.X}                        | PAGER",
    "a=([${vars.X}]=1)                             | X=( )",
    "source ${vars.X}                              | source",
    ". ${vars.X}                                   | .",
    "cd /tmp && . ./env ${vars.X}                  | .",
    "trap \"echo ${vars.X}\" EXIT                  | trap",
    "alias x=\"echo ${vars.X}\"                    | alias",
    "compgen -W \"${vars.X}\"                      | compgen",
    "PS4=${vars.X}; set -x; :                      | PS4",
    "PATH=${vars.X}:$PATH ls                       | PATH",
    "LD_PRELOAD=${vars.X} ls                       | LD_PRELOAD",
    "sh -c \"echo ${vars.X}\"                      | sh -c",
    "sudo bash -ec \"echo ${vars.X} > /etc/x\"     | bash -ec",
    "docker exec web sh -c \"echo $1 ${vars.X}\"   | sh -c",
    "x=${vars.X}; sh -c \"echo $x\"                | sh -c",
    "~echo ${vars.X} | xargs -I{} sh -c 'echo {}'~ | sh -c",
    "su - app -c \"echo ${vars.X}\"                | su - app -c",
    "sh <<EOF\\necho ${vars.X}\\nEOF                | with sh",
    "~echo ${vars.X} | sudo bash~                  | with bash",
    "docker exec -i web sh <<< \"echo ${vars.X}\"  | with sh",
    "/bin/sh -e <<EOF\\necho ${vars.X}\\nEOF         | with sh",
    "su - app <<EOF\\necho ${vars.X}\\nEOF          | with su",
    "ev\\\\nal echo ${vars.X}                       | eval",
    "ssh other echo ${vars.X}                      | ssh",
    "watch ls ${vars.X}                            | watch",
    "${vars.X} --version                           | command's name",
    "echo ok; ${vars.X}                            | command's name",
    "X=1 sudo ${vars.X}                            | command's name",
    "echo '${vars.X}'                              | single quotes",
    "echo \"a\\${vars.X}\"                         | single quotes",
    "echo $'${vars.X}'                             | single quotes",
    "cat <<'EOF'\\n${vars.X}\\nEOF                 | single quotes",
  })
  void refusesAPositionWhereAValueCouldBecomeCode(String command, String construct) {
    String text = command.strip().replace("\\n", "\n");
    assertThat(Template.refusals(text)).as("refusals of %s", text).isNotEmpty()
        .anySatisfy(r -> assertThat(r.message()).contains(construct.strip()));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
    "systemctl enable --now ${vars.X}",
    "grep -v ${vars.X} /etc/hosts",
    "find . -name ${vars.X}",
    "test \"$(docker info --format '{{.Driver}}')\" = ${vars.X}",
    "sh -c 'printf %s \"$1\" > /tmp/x' rollout ${vars.X}",
    "bash ./deploy.sh ${vars.X}",
    "cat > /usr/local/bin/x <<EOF\n#!/bin/sh\necho ${vars.X}\nEOF",
    "sh /opt/app/check.sh --host ${host.name}",
    "docker exec web sh -c 'echo \"$1\"' sh ${vars.X}",
    "while read -r l; do echo \"$l ${vars.X}\"; done < /etc/hosts",
    "cat > /etc/app.conf <<EOF\nkey=${vars.X}\n${vars.X}\nEOF",
    "jq --arg v ${vars.X} '.a = $v' f.json",
    "curl -H \"Authorization: Bearer ${vars.X}\" https://x.example.net",
    "[ -f /etc/x ] && echo ${vars.X}",
    "[ -f /etc/x ] && grep -v ${vars.X} /etc/x",
    "test -f /etc/x && grep -v ${vars.X} /etc/x",
    "export APP_URL=${vars.X}",
    "APP_URL=${vars.X} ./deploy.sh",
    "echo ${vars.X} | sudo tee /etc/x",
    "case ${vars.X} in a) echo a;; *) echo \"${vars.X}\";; esac",
    "printf '%s\\n' ${vars.X} > /etc/x",
    "echo \"$(echo \"${vars.X}\")\"",
    "echo `echo ${vars.X}`",
    "echo ${UNSET:-\"${vars.X}\"}",
    "cp -a ${vars.X}/${host.name} /srv/${host.name}",
    "if [ -s /var/tmp/x.${run.id} ]; then sysctl -w a=$(cat /var/tmp/x.${run.id}); fi",
    "echo ${vars.X} # it's done",
  })
  void acceptsTheShapesPlansUse(String command) {
    assertThat(Template.refusals(command)).as("refusals of %s", command).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"echo $(( 1 + 1 ))", "eval \"$(ssh-agent -s)\"", "[[ $# -eq 0 ]]"})
  void leavesCommandsWithoutVariablesAlone(String command) {
    assertThat(Template.refusals(command)).isEmpty();
  }

  /** With A = a[$(touch PWNED)] and S = $(touch PWNED): what bash does once rendered. */
  @ParameterizedTest(name = "{0} with {1}")
  @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
    "echo $(( ${vars.X} + 1 ))           | A",
    "n=${vars.X}; echo $((n + 1))          | A",
    "[[ ${vars.X} -eq 1 ]]                 | A",
    "[[ -v ${vars.X} ]]                    | A",
    "test -v ${vars.X}                     | A",
    "printf -v ${vars.X} x                 | A",
    "read ${vars.X} <<< x                  | A",
    "a=(1); unset ${vars.X}                | A",
    "declare ${vars.X}=1                   | A",
    "s=abc; echo ${s:${vars.X}}            | A",
    "a=(1 2); echo ${a[${vars.X}]}         | A",
    "n=${vars.X}; echo ${!n}               | A",
    "a[${vars.X}]=1                        | A",
    "eval \"echo ${vars.X}\"               | S",
    "sh -c \"echo ${vars.X}\"              | S",
    "trap \"echo ${vars.X}\" EXIT          | S",
    "n=${vars.X}; echo \"${n@P}\"          | S",
    "PS4=${vars.X}; set -x; :              | S",
    "compgen -W \"${vars.X}\"              | S",
    "sh <<EOF\\necho ${vars.X}\\nEOF        | S",
    "~echo ${vars.X} | bash~               | S",
  })
  void aRefusedPositionReallyRunsTheValueInBash(String command, String which, @TempDir Path dir)
      throws IOException, InterruptedException {
    assumeTrue(Files.isExecutable(Path.of("/bin/bash")), "bash is not installed here");
    String value = which.strip().equals("A") ? "a[$(touch PWNED)]" : "$(touch PWNED)";
    String text = command.strip().replace("\\n", "\n");
    assertThat(Template.refusals(text)).as("refusals of %s", text).isNotEmpty();
    Path script = dir.resolve("cmd.sh");
    Files.writeString(script, Template.command(text, ref -> value));
    Process p = new ProcessBuilder("/bin/bash", script.toString()).directory(dir.toFile())
        .redirectErrorStream(true).redirectOutput(dir.resolve("log").toFile()).start();
    p.getOutputStream().close();
    assertThat(p.waitFor(20, TimeUnit.SECONDS)).as("bash finished").isTrue();
    assertThat(dir.resolve("PWNED")).as("made by %s", Files.readString(script)).exists();
  }
}
