package dev.rollout.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rollout.testfleet.FleetInventory;
import dev.rollout.testfleet.TestFleet;
import dev.rollout.testfleet.TestHost;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --output json} prints JSON on stdout whatever the exit code (JSON Lines for the commands
 * that drive a run, one document for the others), refusals included, with one spelling of every
 * state ({@code rolled_back}) and instants to the millisecond.
 */
class JsonForEveryOutcomeTest {

  static final String MILLIS = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z";

  @RegisterExtension final TestFleet fleet = TestFleet.withHosts(2);
  @TempDir Path dir;

  @BeforeEach
  void setUp() throws IOException {
    for (TestHost h : fleet.hosts()) {
      Files.writeString(h.sandbox().resolve("config"), "v1\n");
    }
    Files.writeString(dir.resolve("inventory.yml"), FleetInventory.yaml(fleet, Map.of()));
  }

  Cli rollout(String... args) {
    boolean stateless = args[0].equals("validate") || args[0].equals("plan");
    Stream<String> state = stateless ? Stream.of() : Stream.of("--state",
        dir.resolve("state").toString());
    return Cli.run(Stream.concat(Stream.concat(Stream.of(args), Stream.of("-i",
        dir.resolve("inventory.yml").toString(), "--output", "json")), state)
        .toArray(String[]::new));
  }

  Path plan(String name, String verify, String extra) throws IOException {
    Path p = dir.resolve(name + ".yml");
    Files.writeString(p, """
        name: %s
        targets: all
        strategy: { canary: 1, soak: 0, waves: [100%%]%s }
        %s
        change:
          - run: cp config config.bak
          - run: echo v2 > config
        verify:
          - name: check
            run: %s
        rollback:
          - run: if [ -e config.bak ]; then cp config.bak config; fi
        """.formatted(name, extra.startsWith("preflight") ? "" : extra,
        extra.startsWith("preflight") ? extra : "", verify));
    return p;
  }

  /** Every line of stdout is a JSON object; the last one is returned. */
  static JsonNode last(Cli r) {
    List<String> lines = r.out().lines().toList();
    assertThat(lines).as("stdout of exit " + r.code() + ", stderr: " + r.err()).isNotEmpty();
    List<JsonNode> docs = lines.stream().map(CiOutputTest::parse).toList();
    docs.forEach(d -> assertThat(d.get("schemaVersion").asInt()).isEqualTo(1));
    return docs.get(docs.size() - 1);
  }

  @Test
  void exit0CompletedStreamsEventsInTheSharedVocabularyThenTheSummary() throws IOException {
    Cli r = rollout("apply", plan("ok", "grep -qx v2 config", "").toString(), "--yes");

    assertThat(r.code()).as(r.err()).isZero();
    JsonNode summary = last(r);
    assertThat(summary.get("exitCode").asInt()).isZero();
    assertThat(summary.get("outcome").asText()).isEqualTo("completed");
    List<JsonNode> moves = r.out().lines().map(CiOutputTest::parse)
        .filter(l -> l.path("type").asText().equals("HostStateChanged")).toList();
    assertThat(moves).extracting(m -> m.get("to").asText()).contains("changing", "verifying",
        "changed").allMatch(s -> s.matches("[a-z_]+"));
    assertThat(moves).allSatisfy(m -> assertThat(m.get("at").asText()).matches(MILLIS));
  }

  @Test
  void exit1RolledBackSaysRolledBackTheSameWayInEveryDocument() throws IOException {
    Cli r = rollout("apply", plan("fails", "grep -qx v3 config", "").toString(), "--yes");

    assertThat(r.code()).as(r.err()).isEqualTo(1);
    JsonNode summary = last(r);
    assertThat(summary.get("exitCode").asInt()).isEqualTo(1);
    assertThat(summary.get("outcome").asText()).isEqualTo("rolled_back");
    assertThat(summary.get("phase").asText()).isEqualTo("rolled_back");
    assertThat(summary.get("hosts").get("host-1").asText()).isEqualTo("rolled_back");
    assertThat(summary.get("failed").get(0).get("failure").asText()).isEqualTo("verify_failed");

    JsonNode status = CiOutputTest.parse(rollout("status").out());
    assertThat(status.get("outcome").asText()).isEqualTo("rolled_back");
    assertThat(status.get("phase").asText()).isEqualTo("rolled_back");
    assertThat(status.get("hosts").get(0).get("state").asText()).isEqualTo("rolled_back");
    assertThat(status.get("startedAt").asText()).matches(MILLIS);
    JsonNode history = CiOutputTest.parse(rollout("history").out());
    assertThat(history.get("runs").get(0).get("outcome").asText()).isEqualTo("rolled_back");
    assertThat(history.get("runs").get(0).get("phase").asText()).isEqualTo("rolled_back");
    JsonNode report = CiOutputTest.parse(rollout("report", "--format", "json").out());
    assertThat(report.get("outcome").asText()).isEqualTo("rolled_back");
    assertThat(report.get("hosts").get(0).get("finalState").asText()).isEqualTo("rolled_back");
  }

  @Test
  void exit2InvalidPlanIsOneErrorDocumentWithEveryProblemAndItsPosition() throws IOException {
    Path bad = dir.resolve("bad.yml");
    Files.writeString(bad, """
        name: bad
        targets: [nosuchhost]
        strategy: { canary: 1, soak: 1x, waves: [100%] }
        change:
          - run: "true"
        rollback:
          - run: "true"
        """);

    for (List<String> command : List.of(List.of("apply", "--yes"), List.of("plan"),
        List.of("validate"))) {
      Cli r = rollout(Stream.concat(command.stream(), Stream.of(bad.toString()))
          .toArray(String[]::new));
      assertThat(r.code()).isEqualTo(2);
      JsonNode doc = last(r);
      assertThat(r.out().lines()).hasSize(1);
      assertThat(doc.get("kind").asText()).isEqualTo("error");
      assertThat(doc.get("exitCode").asInt()).isEqualTo(2);
      assertThat(doc.get("error").asText()).isEqualTo("invalid_input");
      assertThat(doc.get("problems")).hasSize(2);
      JsonNode soak = doc.get("problems").get(1);
      assertThat(soak.get("file").asText()).isEqualTo(bad.toString());
      assertThat(soak.get("line").asInt()).isEqualTo(3);
      assertThat(soak.get("column").asInt()).isPositive();
      assertThat(soak.get("path").asText()).isEqualTo("strategy.soak");
    }
    Cli typo = rollout("apply", bad.toString(), "--yse");
    assertThat(typo.code()).isEqualTo(2);
    assertThat(last(typo).get("error").asText()).isEqualTo("invalid_input");
    assertThat(last(typo).get("hint").asText()).contains("--yes");
  }

  @Test
  void exit3PausedOnFailureThenExit4ForAnotherRunOnItsLockedHosts() throws IOException {
    Cli paused = rollout("apply", plan("pausing", "grep -qx v3 config", ", onFailure: pause")
        .toString(), "--yes");

    assertThat(paused.code()).as(paused.err()).isEqualTo(3);
    JsonNode summary = last(paused);
    assertThat(summary.get("exitCode").asInt()).isEqualTo(3);
    assertThat(summary.get("outcome").asText()).isEqualTo("paused_on_failure");
    String run = summary.get("runId").asText();

    Cli locked = rollout("apply", plan("other", "grep -qx v2 config", "").toString(), "--yes");

    assertThat(locked.code()).as(locked.err()).isEqualTo(4);
    JsonNode error = last(locked);
    assertThat(locked.out().lines()).hasSize(1);
    assertThat(error.get("exitCode").asInt()).isEqualTo(4);
    assertThat(error.get("error").asText()).isEqualTo("locked");
    assertThat(error.get("lock").get("runId").asText()).isEqualTo(run);
    assertThat(error.get("lock").get("host").asText()).startsWith("host-");
    assertThat(error.get("lock").get("owner").asText()).isNotEmpty();
    assertThat(error.get("lock").get("heartbeat").asText()).matches(MILLIS);
    assertThat(error.get("hint").asText()).contains(run);
  }

  @Test
  void exit6PreflightRefusedNamesEachRefusal() throws IOException {
    Cli r = rollout("apply", plan("refused", "grep -qx v2 config", """
        preflight:
          - name: disk ok
            run: "false"
        """).toString(), "--yes");

    assertThat(r.code()).as(r.err()).isEqualTo(6);
    JsonNode summary = last(r);
    assertThat(summary.get("exitCode").asInt()).isEqualTo(6);
    assertThat(summary.get("outcome").asText()).isEqualTo("preflight_refused");
    assertThat(summary.get("refused")).hasSize(2);
    assertThat(summary.get("refused").get(0).get("reason").asText()).contains("disk ok");
  }

  /** Even the completion script: one document that carries it. */
  @Test
  void completionIsOneDocumentWithTheScript() {
    Cli r = Cli.run("completion", "--output", "json");

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out().lines()).hasSize(1);
    JsonNode doc = last(r);
    assertThat(doc.get("kind").asText()).isEqualTo("completion");
    assertThat(doc.get("shells")).extracting(JsonNode::asText).containsExactly("bash", "zsh");
    assertThat(doc.get("script").asText() + "\n").isEqualTo(Cli.run("completion").out())
        .contains("complete -F");
  }

  @Test
  void aRunCommandOnAMissingRunAndACorruptInvocationPrintAnErrorDocumentToo() {
    Cli status = rollout("status");
    assertThat(status.code()).isEqualTo(2);
    JsonNode doc = last(status);
    assertThat(doc.get("kind").asText()).isEqualTo("error");
    assertThat(doc.get("stateStore").asText()).isEqualTo(dir.resolve("state").toString());

    Cli resume = rollout("resume", "20261125-204800123-3f2a");
    assertThat(resume.code()).isEqualTo(2);
    assertThat(last(resume).get("message").asText()).contains("no run 20261125-204800123-3f2a");
  }
}
