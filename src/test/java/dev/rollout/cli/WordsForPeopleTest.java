package dev.rollout.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollout.testfleet.FleetInventory;
import dev.rollout.testfleet.TestFleet;
import dev.rollout.testfleet.TestHost;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a person reads: failures named in words (never a Java class name), timestamps to the
 * second, "go on with" commands that can be pasted, where the runs were looked for, enum values
 * in lower case, and a confirmation that says what to type.
 */
class WordsForPeopleTest {

  /** A time with more than milliseconds: a clock's nanoseconds leaking into text. */
  static final String NANOS = "(?s).*\\d\\d:\\d\\d:\\d\\d\\.\\d{4,}.*";

  @RegisterExtension final TestFleet fleet = TestFleet.withHosts(1);
  @TempDir Path dir;
  Path inventory;
  Path state;
  int closedPort;

  @BeforeEach
  void setUp() throws IOException {
    for (TestHost h : fleet.hosts()) {
      Files.writeString(h.sandbox().resolve("config"), "v1\n");
    }
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.160.1"))) {
      closedPort = s.getLocalPort();
    }
    inventory = dir.resolve("inventory.yml");
    state = dir.resolve("state");
    Files.writeString(inventory, FleetInventory.yaml(fleet, Map.of()).replace("groups:\n", """
          dead:
            address: 127.0.160.1
            port: %d
            connectTimeout: 3s
        groups:
        """.formatted(closedPort)));
  }

  Path plan(String targets, String verify, String onFailure) throws IOException {
    Path p = dir.resolve("plan.yml");
    Files.writeString(p, """
        name: words
        targets: %s
        strategy: { canary: 1, soak: 0, waves: [100%%], onFailure: %s }
        change:
          - run: echo v2 > config
        verify:
          - run: %s
        rollback:
          - run: echo v1 > config
        """.formatted(targets, onFailure, verify));
    return p;
  }

  Cli rollout(String... args) {
    String[] all = java.util.stream.Stream.concat(java.util.Arrays.stream(args),
        java.util.stream.Stream.of("-i", inventory.toString(), "--state", state.toString()))
        .toArray(String[]::new);
    return Cli.run(all);
  }

  @Test
  void aRefusedConnectionIsNamedInWordsWithoutAClassNameOrNanoseconds() throws IOException {
    Path plan = plan("[host-1, dead]", "grep -qx v2 config", "rollback");

    for (String output : new String[] {"text", "json"}) {
      Cli r = rollout("apply", plan.toString(), "--yes", "--output", output);
      String all = r.out() + r.err();

      assertThat(r.code()).as(all).isEqualTo(6);
      assertThat(all).contains("connection refused by 127.0.160.1:" + closedPort)
          .doesNotContain("java.", "Exception", "Error:");
      assertThat(all).doesNotMatch(NANOS);
    }
    Cli status = rollout("status");
    assertThat(status.out() + status.err()).doesNotContain("java.", "Exception")
        .doesNotMatch(NANOS).contains("connection refused by 127.0.160.1:" + closedPort);
  }

  @Test
  void goOnHintsAreWholeCommandsWithTheRunIdAndTheOptionsGiven() throws IOException {
    Cli r = rollout("apply", plan("[host-1]", "grep -qx v3 config", "pause").toString(), "--yes");

    assertThat(r.code()).as(r.err()).isEqualTo(3);
    String run = r.err().lines().filter(l -> l.startsWith("rollout: run ")).findFirst()
        .orElseThrow().split(" ")[2];
    String options = " -i " + inventory + " --state " + state;
    assertThat(r.err()).contains("go on with: rollout promote " + run + options
        + ", or roll back with: rollout abort " + run + options);
    assertThat(r.out()).contains("rollout promote " + run + options + " goes on");
    assertThat(rollout("status", run).out()).contains("rollout promote " + run + options);
    Cli again = rollout("resume", run);
    assertThat(again.code()).isEqualTo(5);
    assertThat(again.err()).contains("hint: go on with: rollout promote " + run + options);
  }

  @Test
  void aHintFromTheEngineGainsTheRunIdAndAQuotedInventory() {
    picocli.CommandLine cl = Main.commandLine(new java.io.PrintWriter(new java.io.StringWriter()),
        new java.io.PrintWriter(new java.io.StringWriter()));
    GoOn goOn = GoOn.of(cl.parseArgs("apply", "plan.yml", "-i", "my fleet's.yml", "--state",
        "/srv/state", "-F", "none", "--yes")).run("20261125-204800123-3f2a");

    assertThat(goOn.complete("interrupted during canary; go on with: rollout resume"))
        .isEqualTo("interrupted during canary; go on with: rollout resume "
            + "20261125-204800123-3f2a -i 'my fleet'\\''s.yml' --state /srv/state -F none");
    assertThat(goOn.complete("see: rollout history")).isEqualTo("see: rollout history -i "
        + "'my fleet'\\''s.yml' --state /srv/state");
    assertThat(goOn.complete("run: rollout validate plans/x.yml")).isEqualTo("run: rollout "
        + "validate plans/x.yml -i 'my fleet'\\''s.yml' -F none");
    assertThat(GoOn.of(cl.parseArgs("status")).complete("rollout abort 20261125-204800123-3f2a"))
        .as("nothing is added that was not typed").isEqualTo("rollout abort "
            + "20261125-204800123-3f2a");
  }

  @Test
  void statusAndHistoryWithNoRunsSayWhereTheyLookedAndHowToLookElsewhere() {
    Cli status = rollout("status");
    assertThat(status.code()).isEqualTo(2);
    assertThat(status.err()).contains("no runs in " + state, "-i FILE", "--state DIR|URL");

    Cli history = rollout("history");
    assertThat(history.code()).isZero();
    assertThat(history.out()).contains("no runs yet in " + state + " (from --state)",
        "-i FILE", "--state DIR|URL");
    Cli beside = Cli.run("history", "-i", inventory.toString());
    assertThat(beside.out()).contains("no runs yet in " + dir.resolve(".rollout")
        + " (the state directory beside the inventory " + inventory + ")");
  }

  @Test
  void enumValuesAreLowerCaseInErrorsAndAcceptedInAnyCase() throws IOException {
    Cli output = Cli.run("history", "--output", "XML");
    assertThat(output.code()).isEqualTo(2);
    assertThat(output.err()).contains("expected one of [text, json] but was 'XML'")
        .doesNotContain("TEXT", "JSON");
    Cli until = rollout("apply", plan("[host-1]", "true", "rollback").toString(), "--until",
        "wave");
    assertThat(until.err()).contains("expected one of [canary] but was 'wave'");
    assertThat(Cli.run("history", "-i", inventory.toString(), "--output", "JSON").code())
        .isZero();
  }

  @Test
  void anAnswerOtherThanYesIsToldToTypeYesAndNothingChanges() {
    for (String answer : new String[] {"y", "Y", "", "no"}) {
      assertThatThrownBy(() -> ApplyCommand.confirmed(answer))
          .isInstanceOfSatisfying(RolloutException.class, e -> {
            assertThat(e.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
            assertThat(e.getMessage()).contains("nothing was changed");
            assertThat(e.hint()).contains("type yes");
          });
    }
    assertThatThrownBy(() -> ApplyCommand.confirmed(null)).hasMessageContaining("end of input");
    ApplyCommand.confirmed(" YES ");
  }
}
