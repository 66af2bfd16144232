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
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every case under {@code src/test/resources/invalid/NN-name/} is refused by {@code validate} with
 * exit 2, each line of its {@code expected.txt} in stderr, no stack trace and nothing on stdout.
 *
 * <p>A case holds {@code plan.yml}, optionally {@code inventory.yml} (else the shared {@code
 * _inventory.yml} is used), and optionally {@code plan.path} or {@code inventory.path} naming a
 * file to pass instead (to test missing files). The case is copied into a temporary directory and
 * run with absolute paths; stderr is read with that directory's prefix removed, so expected lines
 * start with {@code plan.yml:LINE:COLUMN: } whatever the machine.
 *
 * <p>Command-line input ({@code --notify}, {@code --state}, run ids, {@code report --to}) is
 * refused the same way, exit 2 before any run is created or lock taken.
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

  // The command line: refused with exit 2 before any run is created or lock taken.

  @Test
  void aNotifyUrlThatIsNotHttpIsRefusedBeforeAnyRunIsCreated(@TempDir Path work)
      throws IOException {
    Path state = work.resolve("state");

    Cli r = apply(work, "--state", state.toString(), "--notify", "file:///etc/passwd");

    assertRefused(r, "--notify takes an http:// or https:// webhook URL (found a file: URL)");
    assertThat(r.err()).doesNotContain("/etc/passwd");
    assertThat(state).doesNotExist();
  }

  @ParameterizedTest
  @ValueSource(strings = {"jdbc:postgresql://127.0.0.1:5432/rollout", "http://127.0.0.1/state",
      "file:state"})
  void aStateThatIsNeitherADirectoryNorAPostgresUrlIsRefused(String state, @TempDir Path work)
      throws IOException {
    Cli r = apply(work, "--state", state);

    assertRefused(r, "--state is neither a directory nor a postgresql:// URL");
    assertThat(Path.of(state.substring(0, state.indexOf(':') + 1))).doesNotExist();
  }

  @Test
  void aStateDirectoryThatIsARegularFileIsRefused(@TempDir Path work) throws IOException {
    Files.writeString(work.resolve(".rollout"), "not a directory");

    Cli r = apply(work);

    assertRefused(r, work.resolve(".rollout") + " (the state directory beside the inventory) is"
        + " a regular file, not a directory");
    assertThat(Cli.run("history", "-i", work.resolve("inventory.yml").toString()).code())
        .isEqualTo(2);
  }

  @Test
  void aStateDirectoryThatIsASymbolicLinkIsNotFollowed(@TempDir Path work) throws IOException {
    Path elsewhere = Files.createDirectory(work.resolve("elsewhere"));
    Files.createSymbolicLink(work.resolve("state"), elsewhere);

    Cli r = apply(work, "--state", work.resolve("state").toString());

    assertRefused(r, "is a symbolic link, not a directory");
    assertThat(elsewhere).isEmptyDirectory();
  }

  @Test
  void aLockFileThatIsASymbolicLinkIsRefusedNotWrittenThrough(@TempDir Path work)
      throws IOException {
    Path outside = Files.writeString(work.resolve("outside"), "precious\n");
    Path locks = Files.createDirectories(work.resolve("state/locks"));
    Files.createSymbolicLink(locks.resolve("web-1.lock"), outside);

    Cli r = apply(work, "--state", work.resolve("state").toString());

    assertRefused(r, locks.resolve("web-1.lock") + " is a symbolic link");
    assertThat(outside).hasContent("precious\n");
    assertThat(work.resolve("state/runs")).doesNotExist();
  }

  @ParameterizedTest
  @ValueSource(strings = {"..", ".", "../../etc", "runs", "20261125-204800123-3F2A;id"})
  void aRunIdOutsideTheRunIdFormatIsRefusedSoNoJournalOutsideTheRunsIsRead(String id,
      @TempDir Path work) throws IOException {
    Path state = Files.createDirectories(work.resolve("state/runs"));
    Files.writeString(state.getParent().resolve("journal.jsonl"), "");

    for (String command : List.of("status", "report", "resume", "abort", "promote")) {
      Cli r = Cli.run(command, id, "--state", state.getParent().toString());
      assertRefused(r, "is not a run id (RUN looks like 20261125-204800123-3f2a)");
    }
  }

  @Test
  void aReportToADirectoryIsRefused(@TempDir Path work) throws IOException {
    Path state = work.resolve("state");
    String id = "20261125-204800123-3f2a";
    byte[] plan = Files.readAllBytes(write(work).resolve("plan.yml"));
    byte[] inv = Files.readAllBytes(work.resolve("inventory.yml"));
    new dev.rollout.journal.FileRunStore(state).create(id, work.resolve("plan.yml").toString(),
        plan, work.resolve("inventory.yml").toString(), inv)
        .journal(dev.rollout.journal.Failpoint.OFF).append(new dev.rollout.engine.Event
            .RunStarted(java.time.Instant.now(), id, "p", List.of("web-1"), 0, false));
    Path dir = Files.createDirectory(work.resolve("reports"));

    Cli r = Cli.run("report", id, "--state", state.toString(), "--to", dir.toString());

    assertRefused(r, "--to " + dir + " is a directory");
    assertThat(dir).isEmptyDirectory();
  }

  private static Cli apply(Path work, String... more) throws IOException {
    write(work);
    List<String> args = new java.util.ArrayList<>(List.of("apply",
        work.resolve("plan.yml").toString(), "-i", work.resolve("inventory.yml").toString(),
        "--yes"));
    args.addAll(List.of(more));
    return Cli.run(args.toArray(String[]::new));
  }

  /** A valid plan and an inventory of one loopback host where nothing listens. */
  private static Path write(Path work) throws IOException {
    Files.writeString(work.resolve("plan.yml"), """
        name: p
        targets: [web-1]
        strategy: {canary: 1, soak: 1s, waves: [100%], onFailure: halt}
        change:
          - run: "true"
        """);
    Files.writeString(work.resolve("inventory.yml"), """
        hosts:
          web-1: {address: 127.0.0.9, port: 1}
        """);
    return work;
  }

  private static void assertRefused(Cli r, String expected) {
    assertThat(r.code()).as("exit code; stderr:%n%s", r.err()).isEqualTo(2);
    assertThat(r.err()).contains(expected)
        .doesNotContain("Exception", "internal error", "\tat ");
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
