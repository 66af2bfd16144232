package dev.rollout.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.rollout.journal.PgTestDatabase;
import dev.rollout.journal.PostgresUrl;
import dev.rollout.testfleet.OpenSshServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the README, so that it never goes stale. Every command of a {@code console} block ({@code $
 * COMMAND} lines) runs with {@code bash -o pipefail -c} in the project directory, through the
 * real {@code ./rollout} and its jar, in README order; the lines shown under it must appear in
 * what it printed (stdout and stderr), in that order. Before comparing, digits are made equal
 * (times, run ids, ports, durations), a shown line ending in {@code ...} matches any line that
 * starts with the rest, and {@code ...} alone stands for lines left out.
 *
 * <p>Also: a command's exit code must be 0 unless the next command is {@code echo $?}, whose shown
 * output is the code expected; a run id in a command stands for the run the commands before it
 * made; a directory {@code /tmp/rollout-NAME} stands for a fresh temporary directory; a block
 * after {@code <!-- readme-test: background -->} starts its one command in the background (it is
 * stopped with SIGTERM at the end) and goes on once the shown lines were printed; a block after
 * {@code <!-- readme-test: postgresql -->}, and any block whose commands name a {@code
 * postgresql://} state, runs against a fresh database on the server that {@code ROLLOUT_TEST_PG}
 * names, or is skipped without one. The {@code sh} blocks hold commands
 * that {@code .ci/run} or the launcher run, or that are run here. A block after {@code <!--
 * readme-test: openssh -->} runs against two real OpenSSH servers (see {@link
 * #startOpenSshHosts}); the {@code yaml} blocks after {@code <!-- readme-test: write PATH -->}
 * are the files it uses.
 */
class ReadmeIT {

  private static final Path ROOT = Path.of("").toAbsolutePath();
  private static final Pattern RUN_ID = Pattern.compile("\\b\\d{8}-\\d{9}-[0-9a-f]{4}\\b");
  private static final Pattern TEMP_DIR = Pattern.compile("/tmp/rollout-[a-z]+(?![\\w-])");
  private static final Pattern PG_URL = Pattern.compile("postgresql://\\S+");
  private static final Pattern FENCE = Pattern.compile("^```(\\w*)\\s*$");

  @TempDir static Path temp;

  private static final List<Process> background = new ArrayList<>();
  private static final List<OpenSshServer> openssh = new ArrayList<>();
  private static final Map<String, String> env = new HashMap<>();
  private static String lastRunId;
  private static String database;
  private static PostgresUrl server;

  /** A fenced block of the README: where it starts, its language, the comment before it. */
  record Block(int line, String language, String directive, List<String> lines) {}

  /** A {@code $ command} with the lines shown under it. */
  record Shown(int line, String command, List<String> output) {}

  @TestFactory
  Stream<DynamicTest> everyConsoleBlockRunsAndPrintsWhatItShows() throws IOException {
    return blocks().stream().filter(b -> b.language().equals("console")).map(b -> DynamicTest
        .dynamicTest("README.md:" + b.line() + " $ " + commands(b).get(0).command(),
            () -> run(b)));
  }

  @Test
  void beginsWithTheTwoSetUpCommandsTheFirstOfWhichIsTheDemo() throws IOException {
    List<Block> blocks = blocks();
    Block first = blocks.get(0);
    assertThat(first.language()).isEqualTo("sh");
    assertThat(first.lines().stream().map(ReadmeIT::withoutComment).toList())
        .containsExactly("./rollout demo", "mvn -B verify");
    Block firstConsole = blocks.stream().filter(b -> b.language().equals("console")).findFirst()
        .orElseThrow();
    assertThat(commands(firstConsole).get(0).command()).isEqualTo("./rollout demo");
    assertThat(Files.readString(ROOT.resolve(".ci/run"))).contains("\nmvn -B verify\n");
  }

  @Test
  void everyShellBlockCommandIsRunByCiTheLauncherOrHere() throws Exception {
    String ci = Files.readString(ROOT.resolve(".ci/run"));
    String launcher = Files.readString(ROOT.resolve("rollout"));
    List<Block> shell = blocks().stream().filter(b -> b.language().equals("sh")).toList();
    assertThat(shell).hasSizeGreaterThan(1);
    for (Block b : shell.subList(1, shell.size())) {
      for (String line : b.lines()) {
        String command = withoutComment(line);
        if (command.isEmpty() || ci.contains(command) || launcher.contains(command)) {
          continue;
        }
        Result r = exec(command, Map.of());
        assertThat(r.code()).as("README.md:%d: %s%n%s", b.line(), command, r.output()).isZero();
      }
    }
  }

  @Test
  void showsTheBundledPlanAsItIs() throws IOException {
    String plan = Files.readString(ROOT.resolve("plans/docker-storage-driver.yml"));
    assertThat(blocks().stream().filter(b -> b.language().equals("yaml"))
        .map(b -> String.join("\n", b.lines()) + "\n")).contains(plan);
  }

  @Test
  void theExampleWorkflowsRolloutCommandsParse() throws IOException {
    String workflow = Files.readString(ROOT.resolve("examples/github-actions.yml"))
        .replace("\\\n", " ");
    List<String> commands = workflow.lines().map(String::strip)
        .map(l -> l.replaceFirst("^- run: ", "").replaceFirst("^run: ", ""))
        .filter(l -> l.startsWith("./rollout ")).toList();
    assertThat(commands).hasSizeGreaterThanOrEqualTo(4);
    for (String c : commands) {
      // what the workflow fills in at run time: a run id from an earlier job, the webhook secret
      String line = c.replaceAll("\\$\\{\\{[^}]*}}", "20261125-212147541-e89a")
          .replaceAll("\"\\$SLACK_WEBHOOK\"", "https://hooks.example.net/rollout")
          .replaceAll("\\s[12]?>.*$", "");
      List<String> words = words(line.substring("./rollout ".length()));
      try {
        Main.commandLine(new java.io.PrintWriter(java.io.Writer.nullWriter()),
            new java.io.PrintWriter(java.io.Writer.nullWriter())).parseArgs(
                words.toArray(String[]::new));
      } catch (picocli.CommandLine.ParameterException e) {
        fail("examples/github-actions.yml: %s: %s", c, e.getMessage());
      }
    }
  }

  @AfterAll
  static void stopBackgroundAndDropDatabase() throws Exception {
    for (Process p : background) {
      p.destroy();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
    openssh.forEach(OpenSshServer::close);
    if (database != null) {
      admin("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
    }
  }

  private static void run(Block block) throws Exception {
    Map<String, String> blockEnv = new HashMap<>(env);
    List<Shown> commands = commands(block);
    // a block whose commands name a database needs one, whatever else it is (a background worker)
    if ("postgresql".equals(block.directive())
        || commands.stream().anyMatch(c -> PG_URL.matcher(c.command()).find())) {
      String base = System.getenv("ROLLOUT_TEST_PG");
      assumeTrue(base != null && !base.isBlank(), "ROLLOUT_TEST_PG is not set: no PostgreSQL "
          + "server for README.md:" + block.line() + " (.ci/run sets it)");
      createDatabase(base);
    }
    if ("openssh".equals(block.directive())) {
      startOpenSshHosts();
    }
    if ("background".equals(block.directive())) {
      assertThat(commands).as("a background block holds one command").hasSize(1);
      startInBackground(commands.get(0));
      return;
    }
    int lastExit = 0;
    for (int i = 0; i < commands.size(); i++) {
      Shown c = commands.get(i);
      String command = c.command();
      if (command.equals("echo $?")) {
        assertThat(List.of(String.valueOf(lastExit))).as("README.md:%d", c.line())
            .isEqualTo(c.output().stream().filter(l -> !l.isBlank()).toList());
        continue;
      }
      Matcher export = Pattern.compile("^export (\\w+)=(.*)$").matcher(command);
      if (export.matches()) {
        env.put(export.group(1), substitute(export.group(2)));
        blockEnv.put(export.group(1), substitute(export.group(2)));
        continue;
      }
      Result r = exec(substitute(command), blockEnv);
      lastExit = r.code();
      boolean exitShown = i + 1 < commands.size()
          && commands.get(i + 1).command().equals("echo $?");
      if (!exitShown) {
        assertThat(r.code()).as("README.md:%d: %s exited %d:%n%s", c.line(), command, r.code(),
            r.output()).isZero();
      }
      assertShown(c, r.output());
      Matcher id = RUN_ID.matcher(r.output());
      if (id.find()) {
        lastRunId = id.group();
      }
    }
  }

  /**
   * The stand-in fleet of an {@code openssh} block: Debian's OpenSSH server on 127.0.153.1 and
   * 127.0.153.2, port 2201, letting in a new key {@code /tmp/rollout-own/id_ed25519}; and the
   * files of the blocks after {@code <!-- readme-test: write PATH -->}, written as shown.
   */
  private static void startOpenSshHosts() throws IOException {
    assumeTrue(OpenSshServer.available(), "OpenSSH is not installed (apt-get install "
        + "openssh-server; .ci/run does): the five steps run against it");
    Path own = Files.createDirectories(temp.resolve("own"));
    Path key = OpenSshServer.keygen(own.resolve("id_ed25519"), "ed25519");
    for (int n = 1; n <= 2; n++) {
      OpenSshServer host = OpenSshServer.start(temp.resolve("sshd-" + n), "127.0.153." + n, 2201);
      openssh.add(host);
      host.authorize(Path.of(key + ".pub"));
    }
    for (Block b : blocks()) {
      if (b.directive() != null && b.directive().startsWith("write ")) {
        Path file = Path.of(substitute(b.directive().substring("write ".length())));
        Files.writeString(file, substitute(String.join("\n", b.lines()) + "\n"));
      }
    }
  }

  private static void startInBackground(Shown c) throws Exception {
    Path log = Files.createTempFile(temp, "background-", ".log");
    ProcessBuilder pb = new ProcessBuilder("bash", "-c", substitute(c.command()))
        .directory(ROOT.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().putAll(env);
    Process p = pb.start();
    background.add(p);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (true) {
      String output = Files.readString(log);
      if (missing(c.output(), output) == null) {
        return;
      }
      if (!p.isAlive() || System.nanoTime() > deadline) {
        fail("README.md:%d: %s %s before printing %s; it printed:%n%s", c.line(), c.command(),
            p.isAlive() ? "took over 120 s" : "exited " + p.exitValue(),
            missing(c.output(), output), output);
      }
      p.waitFor(200, TimeUnit.MILLISECONDS);
    }
  }

  private static void assertShown(Shown c, String output) {
    String miss = missing(c.output(), output);
    if (miss != null) {
      fail("README.md:%d: $ %s%ndid not print (in this order) the line:%n  %s%nit printed:%n%s",
          c.line(), c.command(), miss, output);
    }
  }

  /** The first shown line not found in {@code output} after the ones before it, or null. */
  private static String missing(List<String> shown, String output) {
    List<String> actual = output.lines().map(ReadmeIT::normalize).toList();
    int at = 0;
    for (String s : shown) {
      if (s.isBlank() || s.strip().equals("...")) {
        continue;
      }
      String want = normalize(s);
      boolean prefix = want.endsWith("...");
      String stem = prefix ? want.substring(0, want.length() - 3) : want;
      while (at < actual.size()
          && !(prefix ? actual.get(at).startsWith(stem) : actual.get(at).equals(stem))) {
        at++;
      }
      if (at == actual.size()) {
        return s;
      }
      at++;
    }
    return null;
  }

  private static String normalize(String line) {
    String s = line.replaceAll("\u001b\\[[0-9;]*[A-Za-z]", "");
    s = s.replace(temp.toString() + "/", "/tmp/rollout-");
    s = RUN_ID.matcher(s).replaceAll("RUN");
    return s.replaceAll("\\d+", "0").stripTrailing();
  }

  /** The command as it runs here: the README's directories and run ids made real. */
  private static String substitute(String command) {
    String s = TEMP_DIR.matcher(command).replaceAll(m -> Matcher.quoteReplacement(
        temp.resolve(m.group().substring("/tmp/rollout-".length())).toString()));
    if (lastRunId != null) {
      s = RUN_ID.matcher(s).replaceAll(lastRunId);
    }
    if (database != null) {
      s = PG_URL.matcher(s).replaceAll(Matcher.quoteReplacement("postgresql://" + server.user()
          + "@" + server.host() + ":" + server.port() + "/" + database));
    }
    return s;
  }

  record Result(int code, String output) {}

  private static Result exec(String command, Map<String, String> extraEnv) throws Exception {
    ProcessBuilder pb = new ProcessBuilder("bash", "-o", "pipefail", "-c", command)
        .directory(ROOT.toFile()).redirectErrorStream(true);
    pb.environment().putAll(extraEnv);
    Process p = pb.start();
    p.getOutputStream().close();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(180, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail("%s took over 180 s", command);
    }
    return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
  }

  private static void createDatabase(String base) throws SQLException {
    if (database != null) {
      return;
    }
    server = PostgresUrl.parse(base, System::getenv);
    database = "rollout_readme_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12)
        .toLowerCase(Locale.ROOT);
    admin("CREATE DATABASE " + database);
  }

  private static void admin(String sql) throws SQLException {
    PgTestDatabase.admin(server, sql);
  }

  static List<Block> blocks() throws IOException {
    List<String> lines = Files.readAllLines(ROOT.resolve("README.md"));
    List<Block> blocks = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      Matcher open = FENCE.matcher(lines.get(i));
      if (!open.matches()) {
        continue;
      }
      String directive = null;
      Matcher d = Pattern.compile("<!-- readme-test: (\\w[^>]*?) -->").matcher(i > 0
          ? lines.get(i - 1) : "");
      if (d.matches()) {
        directive = d.group(1);
      }
      int start = i;
      List<String> body = new ArrayList<>();
      for (i++; i < lines.size() && !lines.get(i).startsWith("```"); i++) {
        body.add(lines.get(i));
      }
      blocks.add(new Block(start + 1, open.group(1), directive, body));
    }
    return blocks;
  }

  static List<Shown> commands(Block b) {
    List<Shown> shown = new ArrayList<>();
    for (int i = 0; i < b.lines().size(); i++) {
      String line = b.lines().get(i);
      if (line.startsWith("$ ")) {
        shown.add(new Shown(b.line() + 1 + i, line.substring(2), new ArrayList<>()));
      } else if (shown.isEmpty()) {
        throw new AssertionError("README.md:" + (b.line() + 1 + i) + ": a console block starts "
            + "with a $ command");
      } else {
        shown.get(shown.size() - 1).output().add(line);
      }
    }
    return shown;
  }

  private static String withoutComment(String line) {
    return line.replaceFirst("\\s+#.*$", "").strip();
  }

  /** Splits a command line into words as the shell would, for quotes only. */
  private static List<String> words(String line) {
    List<String> words = new ArrayList<>();
    Matcher m = Pattern.compile("\"([^\"]*)\"|'([^']*)'|(\\S+)").matcher(line);
    while (m.find()) {
      words.add(m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3));
    }
    return words;
  }
}
