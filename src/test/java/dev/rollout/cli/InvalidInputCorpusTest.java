package dev.rollout.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every case under {@code src/test/resources/invalid/NN-name/} is refused by {@code validate} with
 * exit 2, each line of its {@code expected.txt} in stderr, no stack trace and nothing on stdout.
 *
 * <p>A case holds {@code plan.yml}, optionally {@code inventory.yml} (else the shared {@code
 * _inventory.yml} is used), and optionally {@code plan.path} or {@code inventory.path} naming a
 * file to pass instead (to test missing files). The case is copied into a temporary directory and
 * run with absolute paths; stderr is read with that directory's prefix removed, so expected lines
 * start with {@code plan.yml:LINE:COLUMN: } whatever the machine.
 */
class InvalidInputCorpusTest {

  private static final int MINIMUM_CASES = 45;

  static Stream<String> cases() throws IOException {
    try (Stream<Path> dirs = Files.list(corpus())) {
      return dirs.filter(Files::isDirectory).map(d -> d.getFileName().toString()).sorted()
          .toList().stream();
    }
  }

  @Test
  void corpusHoldsEnoughCases() throws IOException {
    assertThat(cases().count()).isGreaterThanOrEqualTo(MINIMUM_CASES);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void validateRefusesTheInputWithEveryExpectedProblem(String name, @TempDir Path work)
      throws IOException {
    Path source = corpus().resolve(name);
    Files.copy(source.resolve("plan.yml"), work.resolve("plan.yml"));
    Path inventory = source.resolve("inventory.yml");
    Files.copy(Files.exists(inventory) ? inventory : corpus().resolve("_inventory.yml"),
        work.resolve("inventory.yml"));
    String plan = work.resolve(override(source, "plan.path", "plan.yml")).toString();
    String inv = work.resolve(override(source, "inventory.path", "inventory.yml")).toString();

    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(new String[] {"validate", plan, "-i", inv}, new PrintWriter(out, true),
        new PrintWriter(err, true));
    String stderr = err.toString().replace(work + work.getFileSystem().getSeparator(), "");

    assertThat(code).as("exit code; stderr:%n%s", stderr).isEqualTo(2);
    assertThat(out.toString()).as("stdout").isEmpty();
    assertThat(stderr).doesNotContain("at dev.rollout", "Exception", "internal error");
    for (String expected : expectedLines(source)) {
      assertThat(stderr).as("stderr of %s", name).contains(expected);
    }
  }

  private static List<String> expectedLines(Path source) throws IOException {
    List<String> lines = Files.readAllLines(source.resolve("expected.txt")).stream()
        .filter(l -> !l.isBlank()).toList();
    assertThat(lines).as("expected.txt of %s", source.getFileName()).isNotEmpty();
    assertThat(lines.get(0)).as("the main line names file:line:column")
        .matches("^[\\w.-]+\\.yml:\\d+:\\d+: .*");
    return lines;
  }

  private static String override(Path source, String file, String fallback) throws IOException {
    Path p = source.resolve(file);
    return Files.exists(p) ? Files.readString(p).strip() : fallback;
  }

  private static Path corpus() {
    try {
      return Path.of(InvalidInputCorpusTest.class.getResource("/invalid").toURI());
    } catch (URISyntaxException e) {
      throw new UncheckedIOException(new IOException(e));
    }
  }
}
