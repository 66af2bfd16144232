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
    "bash -c -- \"echo ${vars.X}\"                | bash -c --",
    "sh -c -e \"echo ${vars.X}\"                  | sh -c -e",
    "\"bash\" -c \"echo ${vars.X}\"              | \"bash\" -c",
    "$SHELL -c \"echo ${vars.X}\"                 | named by an expansion ($SHELL)",
    "\"$(command -v bash)\" -c \"echo ${vars.X}\" | named by an expansion",
    "busybox sh -c \"echo ${vars.X}\"             | sh -c",
    "env bash -c \"echo ${vars.X}\"               | bash -c",
    "sudo -u app bash -xc \"echo ${vars.X}\"      | bash -xc",
    "bash -o pipefail -c \"echo ${vars.X}\"       | bash -o pipefail -c",
    "~printf %s ${vars.X} | bash -s -- arg~        | bash -s --",
    "~echo ${vars.X} | sh /dev/stdin~              | sh /dev/stdin",
    "~echo ${vars.X} | sh -~                       | with sh",
    "~echo ${vars.X} | bash /dev/fd/0~             | bash /dev/fd/0",
    "~echo ${vars.X} | bash /proc/self/fd/0~       | bash /proc/self/fd/0",
    "sh < <(echo ${vars.X})                        | with sh",
    "timeout 5 ${vars.X}                           | named by an expansion (${vars.X})",
    "nice -n 5 ${vars.X}                           | named by an expansion",
    "case a in a) ${vars.X} ;; esac                | named by an expansion",
    "case a in (b) :;; a) echo; ${vars.X} ;; esac  | named by an expansion",
    "\"${vars.X}\" --version                       | named by an expansion",
    "x=${vars.X}; $x                               | named by an expansion ($x)",
    "find . -exec ${vars.X} {} \\;                 | named by an expansion",
    "~echo a | xargs -I{} ${vars.X} {}~            | named by an expansion",
    "sudo -u app -- ${vars.X}                      | named by an expansion",
    "env -i A=1 ${vars.X}                          | named by an expansion",
    "stdbuf -oL ${vars.X}                          | named by an expansion",
    "ionice -c 3 ${vars.X}                         | named by an expansion",
    "setsid -f ${vars.X}                           | named by an expansion",
    "chroot /srv ${vars.X}                         | named by an expansion",
    "flock /tmp/l ${vars.X}                        | named by an expansion",
    "chrt 5 ${vars.X}                              | named by an expansion",
    "taskset 1 ${vars.X}                           | named by an expansion",
    "unshare -m ${vars.X}                          | named by an expansion",
    "nsenter -t 1 -m ${vars.X}                     | named by an expansion",
    "strace -f -o /tmp/t ${vars.X}                 | named by an expansion",
    "busybox ${vars.X}                             | named by an expansion",
    "docker exec -u app web ${vars.X}              | named by an expansion",
    "timeout --frobnicate 5 ls ${vars.X}           | timeout --frobnicate",
    "sudo -s ls ${vars.X}                          | sudo -s",
    "env -S \"ls ${vars.X}\"                       | env -S",
    "~echo ${vars.X} | chroot /srv~                | chroot without a command",
    "~echo ${vars.X} | unshare -m~                 | unshare without a command",
    "flock /tmp/l -c \"echo ${vars.X}\"           | -c",
    "timeout 5 command eval \"echo ${vars.X}\"    | eval",
    "sed -i \"s/^port=.*/port=${vars.X}/\" /etc/x  | sed -i",
    "sed -e \"s/a/${vars.X}/\" /etc/x               | sed -e",
    "sed -i s/a/b/ ${vars.X}                       | sed -i s/a/b/",
    "sed -- \"s/a/${vars.X}/\"                      | sed --",
    "sudo sed --expression=\"s/a/${vars.X}/\" f     | sed --expression",
    "awk \"BEGIN { print \\\"${vars.X}\\\" }\"         | awk",
    "gawk -e \"BEGIN { print ${vars.X} }\"          | gawk -e",
    "perl -e \"print '${vars.X}'\"                  | perl -e",
    "perl -ne \"print '${vars.X}'\" /etc/hosts      | perl -ne",
    "perl -e 'print 1' ${vars.X}                   | perl -e",
    "python3 -c \"print('${vars.X}')\"              | python3 -c",
    "~echo ${vars.X} | python3~                    | python3",
    "node -e \"console.log('${vars.X}')\"           | node -e",
    "node -e 'console.log(1)' ${vars.X}            | node -e",
    "php -r \"echo '${vars.X}';\"                   | php -r",
    "ruby -e \"puts '${vars.X}'\"                   | ruby -e",
    "docker exec web python3 -c \"print('${vars.X}')\" | python3 -c",
    "/bin/ba?h -c \"echo ${vars.X}\"              | named by a pattern",
    "awk -f - <<EOF\\nBEGIN { print \"${vars.X}\" }\\nEOF | awk -f -",
    "sed -f - /etc/x <<< \"s/a/${vars.X}/\"          | sed -f -",
    "python3 /dev/stdin <<< \"print('${vars.X}')\"   | python3 /dev/stdin",
    "coproc ${vars.X}                              | named by an expansion",
    "bash -c 'eval \"$1\"' sh ${vars.X}             | eval in the script of bash -c",
    "sh -c '\"$@\"' sh ${vars.X}                    | in the script of sh -c",
    "sh -c 'echo $(( $1 + 1 ))' sh ${vars.X}       | (( )) in the script of sh -c",
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
    "sh -c 'echo \"$1\" > /etc/x' rollout ${vars.X}",
    "timeout 5 sh -c 'echo \"$1\"' rollout ${vars.X}",
    "timeout 5 systemctl restart ${vars.X}",
    "nice -n 5 tar -czf /tmp/x.tgz ${vars.X}",
    "nice -5 ls ${vars.X}",
    "sudo -u app systemctl restart ${vars.X}",
    "sudo -E systemctl restart ${vars.X}",
    "sudo FOO=${vars.X} systemctl restart app",
    "env FOO=${vars.X} ./deploy.sh",
    "case ${vars.X} in a) systemctl restart a ;; *) echo \"${vars.X}\" ;; esac",
    "sed -i 's/^port=.*/port=1/' -- ${vars.X}",
    "sed -e 's/a/b/' -- ${vars.X}",
    "awk -v v=${vars.X} '{ print v }' /etc/hosts",
    "awk '{ print $1 }' ${vars.X}",
    "perl -e 'print $ARGV[0]' -- ${vars.X}",
    "perl ./x.pl ${vars.X}",
    "python3 -c 'import sys; print(sys.argv[1])' ${vars.X}",
    "python3 ./x.py ${vars.X}",
    "find /srv -name ${vars.X} -exec rm -f {} +",
    "find /srv -name ${vars.X} -exec sh -c 'rm -f \"$1\"' sh {} \\;",
    "echo ${vars.X} | xargs -n1 echo",
    "tar -C ${vars.X} -czf /tmp/x.tgz .",
    "chsh -s /bin/bash ${vars.X}",
    "grep -c ${vars.X} /etc/hosts",
    "pct exec 101 -- systemctl restart ${vars.X}",
    "exec >/tmp/log 2>&1; echo ${vars.X}",
    "time ls ${vars.X}",
    "for f in /etc/*.conf; do grep -q ${vars.X} \"$f\" && echo \"$f\"; done",
    "f() { echo \"$1\"; }; f ${vars.X}",
    "echo \"$(timeout 5 cat /etc/x)\" ${vars.X}",
    "rm -f -- ${vars.X}",
  })
  void acceptsTheShapesPlansUse(String command) {
    assertThat(Template.refusals(command)).as("refusals of %s", command).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"echo $(( 1 + 1 ))", "eval \"$(ssh-agent -s)\"", "[[ $# -eq 0 ]]"})
  void leavesCommandsWithoutVariablesAlone(String command) {
    assertThat(Template.refusals(command)).isEmpty();
  }

  /**
   * The shapes that the word-level checks refuse, each with a value that makes it run a command
   * once rendered: S = $(touch PWNED) as shell code, P = touch as the program (the command gives
   * it the argument PWNED), or a value written for the language of the code it lands in. Each
   * runs under the shell named first, a real bash or dash; a row is skipped when the program it
   * needs is not installed.
   */
  @ParameterizedTest(name = "{0}: {1} with [{2}]")
  @CsvSource(delimiterString = "=>", quoteCharacter = '~', value = {
    "bash => bash -c -- \"echo ${vars.X}\"                 => S",
    "sh   => sh -c -e \"echo ${vars.X}\"                   => S",
    "bash => \"bash\" -c \"echo ${vars.X}\"               => S",
    "bash => $SHELL -c \"echo ${vars.X}\"                  => S",
    "bash => \"$(command -v bash)\" -c \"echo ${vars.X}\" => S",
    "sh   => busybox sh -c \"echo ${vars.X}\"              => S",
    "sh   => env bash -c \"echo ${vars.X}\"                => S",
    "sh   => sh -ec \"echo ${vars.X}\"                     => S",
    "bash => bash -xc \"echo ${vars.X}\"                   => S",
    "bash => printf '%s\\n' \"${vars.X}\" | bash -s -- arg => S",
    "sh   => echo ${vars.X} | sh /dev/stdin               => S",
    "sh   => echo ${vars.X} | sh -                        => S",
    "bash => echo ${vars.X} | bash /dev/fd/0              => S",
    "bash => sh < <(echo ${vars.X})                       => S",
    "sh   => timeout 5 ${vars.X} PWNED                    => P",
    "sh   => nice -n 5 ${vars.X} PWNED                    => P",
    "sh   => case a in a) ${vars.X} PWNED ;; esac         => P",
    "sh   => \"${vars.X}\" PWNED                          => P",
    "sh   => x=${vars.X}; $x PWNED                        => P",
    "sh   => find . -maxdepth 0 -exec ${vars.X} PWNED \\;  => P",
    "sh   => xargs ${vars.X} PWNED < /dev/null            => P",
    "sh   => stdbuf -oL ${vars.X} PWNED                   => P",
    "sh   => busybox ${vars.X} PWNED                      => P",
    "sh   => echo a | sed \"s/a/${vars.X}/\"               => ~b/;e touch PWNED;#~",
    "sh   => echo a | sed -e \"s/a/${vars.X}/\"            => ~b/;e touch PWNED;#~",
    "sh   => echo a | sed -- \"s/a/${vars.X}/\"            => ~b/;e touch PWNED;#~",
    "sh   => echo a > f; sed -i s/a/b/ ${vars.X} f        => ~-e1e touch PWNED~",
    "sh   => awk \"BEGIN { print \\\"${vars.X}\\\" }\" "
        + "=> ~\"; system(\"touch PWNED\"); print \"~",
    "sh   => perl -e \"print '${vars.X}'\"                 => ~'; system(\"touch PWNED\"); '~",
    "sh   => perl -e 'print 1' ${vars.X}                  => ~-e;system(\"touch PWNED\")~",
    "sh   => python3 -c \"print('${vars.X}')\" "
        + "=> ~'); __import__('os').system('touch PWNED'); print('~",
    "sh   => echo ${vars.X} | python3 => ~__import__('os').system('touch PWNED')~",
    "sh   => node -e \"console.log('${vars.X}')\" "
        + "=> ~'); require('child_process').execSync('touch PWNED'); ('~",
    "sh   => node -e 'console.log(1)' ${vars.X} "
        + "=> ~--eval=require('child_process').execSync('touch PWNED')~",
    "sh   => awk -f - <<EOF\\nBEGIN { print \"${vars.X}\" }\\nEOF "
        + "=> ~\"; system(\"touch PWNED\"); print \"~",
    "bash => bash -c 'eval \"$1\"' sh ${vars.X}         => S",
    "sh   => sh -c '$1 PWNED' sh ${vars.X}                => P",
    "bash => python3 /dev/stdin <<< \"print('${vars.X}')\" "
        + "=> ~'); __import__('os').system('touch PWNED'); print('~",
  })
  void aShapeRefusedWordByWordReallyRunsTheValue(String shell, String command, String value,
      @TempDir Path dir) throws IOException, InterruptedException {
    String text = command.strip().replace("\\n", "\n");
    String program = text.matches("(?s).*\\b(sed|awk|perl|python3|node|busybox|timeout|nice"
        + "|stdbuf|find|xargs)\\b.*") ? text.replaceAll("(?s).*?\\b(sed|awk|perl|python3|node"
        + "|busybox|timeout|nice|stdbuf|find|xargs)\\b.*", "$1") : shell;
    assumeTrue(installed(shell) && installed(program), program + " is not installed here");
    String v = switch (value.strip()) {
      case "S" -> "$(touch PWNED)";
      case "P" -> "touch";
      default -> value;
    };
    assertThat(Template.refusals(text)).as("refusals of %s", text).isNotEmpty();
    Path script = dir.resolve("cmd.sh");
    Files.writeString(script, Template.command(text, ref -> v));
    ProcessBuilder pb = new ProcessBuilder(installedAt(shell), script.toString())
        .directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(dir.resolve("log").toFile());
    pb.environment().put("SHELL", installedAt("bash"));
    Process p = pb.start();
    p.getOutputStream().close();
    assertThat(p.waitFor(20, TimeUnit.SECONDS)).as("%s finished", shell).isTrue();
    assertThat(dir.resolve("PWNED")).as("made by %s; log %s", Files.readString(script),
        Files.readString(dir.resolve("log"))).exists();
  }

  private static boolean installed(String program) {
    return installedAt(program) != null;
  }

  private static String installedAt(String program) {
    for (String d : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
      Path p = Path.of(d.isEmpty() ? "." : d, program);
      if (Files.isExecutable(p)) {
        return p.toString();
      }
    }
    return null;
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
