package dev.rollout.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.rollout.transport.ShellQuote;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.BinaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A property of {@link Template#command}: whatever two values hold (quotes, {@code $()},
 * backticks, newlines, {@code ;}, {@code #}, backslashes, globs, a leading {@code -}, any
 * character but NUL, non-ASCII UTF-8), in every accepted shape of command they reach the command
 * byte for byte and nothing else runs. Values are drawn from a seeded generator; every value tries
 * to create a file {@code PWNED}. Each rendered command runs as a script under the real shell, and
 * once more through a wrap ({@code SHELL -c '<command>'}, as a container or console path runs it).
 * The cases of one shell run in one driver process, each in its own directory, so that thousands
 * run in seconds. Set {@code -Drollout.quoting.seed=N} to replay a seed.
 */
class TemplateQuotingPropertyTest {

  private static final long SEED = Long.getLong("rollout.quoting.seed", 20261202L);
  private static final int VALUES_PER_SHAPE = 36;

  /** How a shape's output file should read for values x and y. */
  private record Shape(String command, BinaryOperator<String> expected, boolean bashOnly) {
    Shape(String command, BinaryOperator<String> expected) {
      this(command, expected, false);
    }
  }

  private static final List<Shape> SHAPES = List.of(
      new Shape("printf %s ${vars.X} > out", (x, y) -> x),
      new Shape("printf %s \"${vars.X}\" > out", (x, y) -> x),
      new Shape("printf %s \"a ${vars.X} b\" > out", (x, y) -> "a " + x + " b"),
      new Shape("printf %s pre${vars.X}post > out", (x, y) -> "pre" + x + "post"),
      new Shape("printf %s \"'${vars.X}'\" > out", (x, y) -> "'" + x + "'"),
      new Shape("printf %s ${vars.X}${vars.Y} \"${vars.Y}\" > out", (x, y) -> x + y + y),
      new Shape("printf %s \"$(printf %s \"${vars.X}\"; printf .)\" > out", (x, y) -> x + "."),
      new Shape("printf %s \"$(printf %s \"$(printf %s \"$(printf %s \"${vars.X}\"; printf .)\")"
          + "\")\" > out", (x, y) -> x + "."),
      new Shape("printf %s \"$(cat <<EOF\n${vars.X}\nEOF\n)\" > out",
          (x, y) -> (x + "\n").replaceAll("\n+$", "")),
      new Shape("x=`printf %s ${vars.X}; printf .`; printf %s \"$x\" > out", (x, y) -> x + "."),
      new Shape("printf %s ${UNSET:-\"${vars.X}\"} > out", (x, y) -> x),
      new Shape("printf %s \"${UNSET:-${vars.X}}\" > out", (x, y) -> x),
      new Shape("printf %s \"${UNSET:-\"${vars.X}\"}\" > out", (x, y) -> x),
      new Shape("v=${vars.X}; printf %s \"$v\" > out", (x, y) -> x),
      new Shape("cat > out <<EOF\n${vars.X}\nEOF", (x, y) -> x + "\n"),
      new Shape("cat > out <<-EOF\n\t[${vars.X}] \"${vars.Y}\"\n\tEOF", (x, y) ->
          "[" + x + "] \"" + y + "\"\n"),
      new Shape("cat <<< ${vars.X} > out", (x, y) -> x + "\n", true),
      new Shape("cat <<< \"${vars.X}\"${vars.Y} > out", (x, y) -> x + y + "\n", true),
      new Shape("case ${vars.X} in \"${vars.Y}\") printf same > out;; \"${vars.X}\") printf %s "
          + "\"${vars.X}\" > out;; *) printf no > out;; esac",
          (x, y) -> x.equals(y) ? "same" : x),
      new Shape("(printf %s ${vars.X} > out)#${vars.Y}", (x, y) -> x),
      new Shape("printf %s $(printf x)#${vars.X} > out", (x, y) -> "x#" + x),
      new Shape("# ${vars.Y} it's\nprintf %s \"${vars.X}\" > out # ${vars.Y} \"", (x, y) -> x),
      new Shape("[ \"${vars.X}\" = \"${vars.X}\" ] && printf %s \"${vars.X}\" > out",
          (x, y) -> x),
      new Shape("sh -c 'printf %s \"$1\" > out' rollout ${vars.X}", (x, y) -> x),
      new Shape("timeout 5 sh -c -- 'printf %s \"$1\" > out' rollout ${vars.X}", (x, y) -> x),
      new Shape("env A=${vars.Y} nice -n 1 printf %s ${vars.X} > out", (x, y) -> x),
      new Shape("case a in a) printf %s ${vars.X} > out ;; esac", (x, y) -> x),
      new Shape("find . -maxdepth 0 -exec printf %s ${vars.X} \\; > out",
          (x, y) -> x.replace("{}", ".")), // find puts the path in place of {}
      new Shape("test \"$(printf %s \"${vars.X}\"; printf .)\" = \"${vars.X}.\" && printf %s "
          + "\"${vars.X}\" > out || printf differ > out", (x, y) -> x));

  private static final String[] HOSTILE = {
    "$(touch PWNED)", "`touch PWNED`", "'; touch PWNED; '", "\"; touch PWNED; \"",
    "'$(touch PWNED)'", "\"$(touch PWNED)\"", "\\", "\\'", "\\\"", "'", "\"", "`", "$", "${",
    "}", ")", "(", ";", "&", "|", "#", "\n", "\r", "\t", " ", "*", "?", "[a]", "~", "~root",
    "-n", "-e", "--", "a[$(touch PWNED)]", "$((1+1))", "${IFS}", "$HOME", "!!", "!$",
    "\nEOF\n", "EOF", "\ntouch PWNED\n", ";touch PWNED #", "&& touch PWNED", "| touch PWNED",
    "$'\\x41'", "%s%n", "<<X", ">PWNED", "\u00e9", "\u65e5\u672c", "\ud83d\ude00", "\u0085",
    "\u2028", "\u00a0", "\u00ff", "\u001b[2J", "\u007f", "\u0001",
  };

  /** A hostile value: fragments, random characters (any but NUL) and always an attempt to run. */
  static String hostile(Random r) {
    StringBuilder b = new StringBuilder();
    if (r.nextInt(4) == 0) {
      b.append('-');
    }
    int parts = r.nextInt(7);
    for (int k = 0; k < parts; k++) {
      switch (r.nextInt(4)) {
        case 0 -> b.append((char) (1 + r.nextInt(127)));
        case 1 -> b.appendCodePoint(nonAscii(r));
        default -> b.append(HOSTILE[r.nextInt(HOSTILE.length)]);
      }
    }
    String attempt = HOSTILE[r.nextInt(6)];
    b.insert(r.nextInt(b.length() + 1), attempt);
    return b.toString();
  }

  private static int nonAscii(Random r) {
    int[][] ranges = {{0x80, 0x7ff}, {0x800, 0xd7ff}, {0xe000, 0xfffd}, {0x10000, 0x10ffff}};
    int[] range = ranges[r.nextInt(ranges.length)];
    return range[0] + r.nextInt(range[1] - range[0] + 1);
  }

  private record Case(Path dir, String rendered, String expected) {}

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"/bin/sh", "/bin/bash", "/usr/bin/busybox"})
  void hostileValuesArriveByteForByteAndRunNothing(String shell, @TempDir Path root)
      throws IOException, InterruptedException {
    assumeTrue(Files.isExecutable(Path.of(shell)), shell + " is not installed here");
    String[] invocation = shell.endsWith("busybox") ? new String[] {shell, "sh"}
        : new String[] {shell};
    Random random = new Random(SEED ^ shell.hashCode());
    List<Case> cases = new ArrayList<>();
    StringBuilder driver = new StringBuilder();
    for (int s = 0; s < SHAPES.size(); s++) {
      Shape shape = SHAPES.get(s);
      if (shape.bashOnly() && !shell.endsWith("bash")) {
        continue;
      }
      assertThat(Template.refusals(shape.command())).as("refusals of %s", shape.command())
          .isEmpty();
      for (int v = 0; v < VALUES_PER_SHAPE; v++) {
        String x = hostile(random);
        String y = hostile(random);
        Map<String, String> values = Map.of("X", x, "Y", y);
        String rendered = Template.command(shape.command(), ref -> values.get(ref.key()));
        boolean wrapped = v % 3 == 0;
        String script = wrapped ? String.join(" ", invocation) + " -c "
            + ShellQuote.quote(rendered) : rendered;
        Path dir = root.resolve("c" + cases.size());
        Files.createDirectory(dir);
        Files.write(dir.resolve("cmd.sh"), script.getBytes(StandardCharsets.UTF_8));
        driver.append("cd ").append(dir).append(" && ").append(String.join(" ", invocation))
            .append(" ./cmd.sh </dev/null >stdout 2>stderr\n");
        cases.add(new Case(dir, script, shape.expected().apply(x, y)));
      }
    }
    run(invocation, driver.toString(), root);

    for (Case c : cases) {
      assertThat(c.dir().resolve("PWNED")).as("ran a value in %s", c.rendered()).doesNotExist();
      assertThat(c.dir().resolve("out")).as("output of %s; stderr %s", c.rendered(),
          Files.readString(c.dir().resolve("stderr"))).exists();
      assertThat(Files.readAllBytes(c.dir().resolve("out"))).as("bytes written by %s",
          c.rendered()).isEqualTo(c.expected().getBytes(StandardCharsets.UTF_8));
    }
    try (Stream<Path> all = Files.walk(root)) {
      assertThat(all.filter(p -> p.getFileName().toString().startsWith("PWNED")))
          .as("files made by a value").isEmpty();
    }
    System.out.printf("%s: %d generated cases ran (seed %d)%n", shell, cases.size(), SEED);
  }

  private static void run(String[] shell, String driver, Path root)
      throws IOException, InterruptedException {
    Path script = root.resolve("driver.sh");
    Files.writeString(script, driver);
    List<String> command = new ArrayList<>(List.of(shell));
    command.add(script.toString());
    ProcessBuilder pb = new ProcessBuilder(command).directory(root.toFile())
        .redirectErrorStream(true).redirectOutput(root.resolve("driver.log").toFile());
    pb.environment().put("LC_ALL", "C.UTF-8");
    Process p = pb.start();
    p.getOutputStream().close();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      throw new AssertionError("the driver of " + shell[0] + " did not finish in 120 s");
    }
  }
}
