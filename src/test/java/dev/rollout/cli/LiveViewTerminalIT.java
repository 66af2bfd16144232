package dev.rollout.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rollout.testfleet.OpenSshServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The live view of a real {@code rollout apply} (the jar, in its own JVM) in a real
 * pseudo-terminal, tmux, on twelve inventory hosts served by a real OpenSSH server. The run is driven by gate files
 * the test creates once it has seen the screen it waits for: host-02 fails verify (tolerated, and
 * left failed while host-03's change waits for gate-1); after the wave the watch begins (10 min);
 * gate-2 makes every host's probe fail, so the run stops and rolls back. At each point the screen
 * is read: no line wider than the window, the failed host in red and in capitals, the watch named
 * with its time left, the grid as wide as the window, and after the end no block left anywhere.
 */
class LiveViewTerminalIT {

  private static final int HOSTS = 12;
  private static final int ROWS = 30;
  private static final Duration DEADLINE = Duration.ofSeconds(90);
  /** A host's cell in the block; nothing else the run prints looks like it. */
  private static final Pattern CELL = Pattern.compile("host-\\d\\d (pending|changing|verifying|"
      + "changed|FAILED|UNREACHABLE|rolling back|rolled back|ROLLBACK FAILED)");
  private static final String RED = "\u001b[31m";

  @TempDir static Path temp;
  static OpenSshServer sshd;
  static Path key;
  static Path knownHosts;

  @BeforeAll
  static void startServer() {
    Assumptions.assumeTrue(OpenSshServer.available(),
        "OpenSSH is not installed (apt-get install openssh-server): " + OpenSshServer.SSHD);
    Assumptions.assumeTrue(Tmux.available(), "tmux is not installed (apt-get install tmux)");
    sshd = OpenSshServer.start(temp.resolve("sshd"), "127.0.170.1");
    key = OpenSshServer.keygen(temp.resolve("id_ed25519"), "ed25519");
    sshd.authorize(Path.of(key + ".pub"));
    knownHosts = temp.resolve("known_hosts");
    try {
      Files.write(knownHosts, sshd.keyscan());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @AfterAll
  static void stopServer() {
    if (sshd != null) {
      sshd.close();
    }
  }

  @ParameterizedTest(name = "{0} columns")
  @ValueSource(ints = {40, 80, 160})
  void fitsTheWindowShowsTheFailureInRedNamesTheWatchAndLeavesNoBlock(int columns)
      throws IOException {
    Path dir = Files.createDirectories(temp.resolve("w" + columns));
    try (Tmux tmux = Tmux.start(dir, columns, ROWS, command(dir))) {
      String failed = awaitScreen(tmux, s -> s.contains("host-02 " + RED + "FAILED")
          && cells(s) == HOSTS && Tmux.plain(s).contains("host-03 changing"));
      assertFits(Tmux.plain(failed), columns);
      assertGridUses(Tmux.plain(failed), columns);
      assertThat(failed).contains("stage: wave 1");
      Files.createFile(dir.resolve("gate-1"));

      String watch = awaitScreen(tmux, s -> s.contains("stage: watch"));
      assertThat(Tmux.plain(watch)).containsPattern("stage: watch, (9m\\d+s|10m) left")
          .doesNotContain("stage: wave");
      assertFits(Tmux.plain(watch), columns);
      Files.createFile(dir.resolve("gate-2"));

      awaitEnd(tmux);
      assertNoBlockLeft(tmux);
      assertThat(drawnByTheView(tmux.history())).hasSizeGreaterThan(20)
          .allSatisfy(l -> assertThat(l.length()).as(l).isLessThan(columns));
    }
  }

  @Test
  void redrawsAtTheNewWidthWhenTheWindowIsResizedAndLeavesNothingOfTheWiderBlock()
      throws IOException {
    Path dir = Files.createDirectories(temp.resolve("resize"));
    try (Tmux tmux = Tmux.start(dir, 160, ROWS, command(dir))) {
      String wide = awaitScreen(tmux, s -> s.contains("host-02 " + RED + "FAILED")
          && cells(s) == HOSTS && Tmux.plain(s).contains("host-03 changing"));
      assertGridUses(Tmux.plain(wide), 160);

      tmux.resize(40, ROWS);
      assertOneBlock(Tmux.plain(awaitScreen(tmux, s -> blockFits(Tmux.plain(s), 40, 2))));
      tmux.resize(100, ROWS);
      assertOneBlock(Tmux.plain(awaitScreen(tmux, s -> blockFits(Tmux.plain(s), 100, 5))));
      Files.createFile(dir.resolve("gate-1"));

      awaitScreen(tmux, s -> s.contains("stage: watch"));
      Files.createFile(dir.resolve("gate-2"));
      awaitEnd(tmux);
      assertNoBlockLeft(tmux);
    }
  }

  @Test
  void withNoColorSaysTheSameInWordsWithoutAnEscape() throws IOException {
    Path dir = Files.createDirectories(temp.resolve("no-color"));
    try (Tmux tmux = Tmux.start(dir, 80, ROWS, command(dir, "NO_COLOR=1"))) {
      String failed = awaitScreen(tmux, s -> s.contains("host-02 FAILED"));
      assertThat(failed).doesNotContain("\u001b[3").contains("stage: wave 1");
      Files.createFile(dir.resolve("gate-1"));
      awaitScreen(tmux, s -> s.contains("stage: watch"));
      Files.createFile(dir.resolve("gate-2"));
      awaitEnd(tmux);
      assertNoBlockLeft(tmux);
    }
  }

  @Test
  void inCiPrintsPlainTimestampedLinesOnATerminalToo() throws IOException {
    Path dir = Files.createDirectories(temp.resolve("ci"));
    try (Tmux tmux = Tmux.start(dir, 80, ROWS, command(dir, "CI=true"))) {
      // plain lines scroll: host-02's may be off the window by the time it is read
      awaitPrinted(tmux, s -> s.contains("host-02: FAILED"));
      Files.createFile(dir.resolve("gate-1"));
      awaitPrinted(tmux, s -> s.contains("watch: soak of 10m"));
      Files.createFile(dir.resolve("gate-2"));
      awaitEnd(tmux);
      assertThat(tmux.history()).noneMatch(l -> l.matches("\\d\\d:\\d\\d:\\d\\d .*"));
      assertThat(tmux.history()).anyMatch(l -> l.matches(
          "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ host-02: FAILED.*"));
      assertNoBlockLeft(tmux);
    }
  }

  private static String command(Path dir) throws IOException {
    return command(dir, "");
  }

  /** Runs apply in {@code dir}, CI and NO_COLOR unset unless {@code env} sets them. */
  private static String command(Path dir, String env) throws IOException {
    StringBuilder hosts = new StringBuilder();
    for (int i = 1; i <= HOSTS; i++) {
      hosts.append("  host-%02d: { address: %s, port: %d }\n".formatted(i, sshd.address(),
          sshd.port()));
    }
    Files.writeString(dir.resolve("inventory.yml"), """
        defaults:
          user: %s
          identity: %s
          knownHosts: %s
        hosts:
        %sgroups:
          fleet: [%s]
        """.formatted(System.getProperty("user.name"), key, knownHosts, hosts,
        String.join(", ", IntStream.rangeClosed(1, HOSTS).mapToObj("host-%02d"::formatted)
            .toList())));
    Files.writeString(dir.resolve("plan.yml"), """
        name: live-view
        targets: fleet
        vars: { root: "%s" }
        strategy:
          canary: [host-01]
          soak: 1s
          waves: [100%%]
          maxParallel: 11
          maxFailures: 1
          rehearseRollback: false
          watch: 10m
        change:
          - name: host-03 waits for gate-1
            run: >-
              test ${host.name} != host-03 ||
              until test -e ${vars.root}/gate-1; do sleep 0.1; done
        verify:
          - name: host-02 fails
            run: test ${host.name} != host-02
        rollback:
          - name: gate-2 goes
            run: rm -f ${vars.root}/gate-2
        health:
          interval: 200ms
          unhealthyAfter: 1
          probes:
            - name: gate-2 closed
              ssh: test ! -e ${vars.root}/gate-2
        """.formatted(dir));
    Path jar = Path.of("target/rollout.jar").toAbsolutePath();
    return "cd '" + dir + "' && env -u CI -u NO_COLOR " + env + " java -XX:+UseSerialGC "
        + "-XX:TieredStopAtLevel=1 -jar '" + jar + "' apply plan.yml -i inventory.yml --yes";
  }

  private static String awaitScreen(Tmux tmux, Predicate<String> shows) {
    return awaitOn(tmux::screen, shows);
  }

  /** Waits until everything the pane printed, what scrolled off the window included, shows it. */
  private static String awaitPrinted(Tmux tmux, Predicate<String> shows) {
    return awaitOn(() -> String.join("\n", tmux.history()), shows);
  }

  private static String awaitOn(Supplier<String> read, Predicate<String> shows) {
    List<String> last = new ArrayList<>(List.of(""));
    try {
      await().atMost(DEADLINE).pollInterval(Duration.ofMillis(100))
          .failFast("the run ended first", () -> last.get(0).contains("rollout-exit="))
          .until(() -> {
            last.set(0, read.get());
            return shows.test(last.get(0));
          });
    } catch (RuntimeException e) {
      throw new AssertionError(e.getMessage() + "; the screen:\n" + Tmux.plain(last.get(0)), e);
    }
    return last.get(0);
  }

  private static void awaitEnd(Tmux tmux) {
    await().atMost(DEADLINE).pollInterval(Duration.ofMillis(100))
        .until(() -> tmux.text().contains("rollout-exit="));
    assertThat(tmux.text()).contains("rollout-exit=1", "rolled back");
  }

  private static void assertFits(String screen, int columns) {
    assertThat(screen.lines()).allSatisfy(l -> assertThat(l.length()).as(l).isLessThan(columns));
  }

  /** The block's lines: from its stage line to the end of the screen. */
  private static List<String> block(String screen) {
    List<String> lines = screen.lines().toList();
    int start = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith("stage: ")) {
        start = i;
      }
    }
    return start < 0 ? List.of() : lines.subList(start, lines.size()).stream()
        .filter(l -> !l.isBlank()).toList();
  }

  /**
   * What the live view printed and the summary after it, wrapped lines joined: from the view's
   * first event line (after apply's line naming the run and its journal) to the end.
   */
  private static List<String> drawnByTheView(List<String> history) {
    int first = 0;
    while (first < history.size() && !history.get(first).matches("\\d\\d:\\d\\d:\\d\\d .*")) {
      first++;
    }
    return history.subList(first, history.size());
  }

  /**
   * Whether the block on {@code screen} is drawn for {@code columns}: its lines fit, {@code
   * perRow} hosts a row (cells of 16 columns, "host-03 changing", 2 apart), every host in it.
   */
  private static boolean blockFits(String screen, int columns, int perRow) {
    List<String> block = block(screen);
    return !block.isEmpty() && block.stream().allMatch(l -> l.length() < columns)
        && perRow(block) == perRow && gridRows(screen) == (HOSTS + perRow - 1) / perRow;
  }

  private static long cells(String screen) {
    return Tmux.plain(screen).lines().mapToLong(l -> CELL.matcher(l).results().count()).sum();
  }

  private static int gridRows(String screen) {
    return block(screen).size() - 1;
  }

  private static int perRow(List<String> block) {
    return block.size() < 2 ? 1 : (int) CELL.matcher(block.get(1)).results().count();
  }

  /** At 160 columns a row holds far more than 80 columns would: the grid uses the width. */
  private static void assertGridUses(String screen, int columns) {
    List<String> block = block(screen);
    int widest = block.stream().skip(1).mapToInt(String::length).max().orElse(0);
    assertThat(widest).as("the grid's widest row in %s", block).isLessThan(columns)
        .isGreaterThan(columns - 40);
    assertThat(IntStream.range(1, HOSTS + 1).mapToObj("host-%02d "::formatted))
        .allSatisfy(h -> assertThat(String.join("\n", block)).contains(h));
  }

  /** One stage line, every host once, and no cell anywhere above the block. */
  private static void assertOneBlock(String screen) {
    List<String> lines = screen.lines().toList();
    assertThat(lines.stream().filter(l -> l.startsWith("stage: "))).as(screen).hasSize(1);
    long cells = lines.stream().mapToLong(l -> CELL.matcher(l).results().count()).sum();
    assertThat(cells).as(screen).isEqualTo(HOSTS);
  }

  /** After the end: no stage line and no host cell in anything the pane holds. */
  private static void assertNoBlockLeft(Tmux tmux) {
    List<String> all = tmux.history();
    assertThat(all).noneMatch(l -> l.contains("stage: "));
    assertThat(all).noneMatch(l -> CELL.matcher(l).find());
  }
}
