package dev.rollout.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rollout.notify.WebhookReceiver;
import dev.rollout.testfleet.FleetInventory;
import dev.rollout.testfleet.TestFleet;
import dev.rollout.testfleet.TestHost;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What CI and operators read: JSON Lines from apply, JSON from every other command, webhooks on
 * state changes only (with the URL's secret never shown), and the run report.
 */
class CiOutputTest {

  static final ObjectMapper JSON = new ObjectMapper();
  static final String SECRET = "T000-B000-s3cr3tWebhookToken";

  @RegisterExtension final TestFleet fleet = TestFleet.withHosts(3);
  @TempDir Path dir;
  WebhookReceiver hook;

  record Result(int code, String out, String err) {}

  @BeforeEach
  void setUp() throws IOException {
    hook = new WebhookReceiver();
    for (TestHost h : fleet.hosts()) {
      Files.writeString(h.sandbox().resolve("config"), "v1\n");
    }
    Files.writeString(dir.resolve("inventory.yml"), FleetInventory.yaml(fleet, Map.of()));
  }

  @AfterEach
  void tearDown() {
    hook.close();
  }

  Result rollout(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    boolean stateless = args[0].equals("validate") || args[0].equals("plan");
    Stream<String> state = stateless ? Stream.of() : Stream.of("--state",
        dir.resolve("state").toString());
    String[] all = Stream.concat(Stream.concat(Stream.of(args), Stream.of("-i",
        dir.resolve("inventory.yml").toString())), state).toArray(String[]::new);
    int code = Main.run(all, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(code, out.toString(), err.toString());
  }

  Path plan(String verify) throws IOException {
    String plan = """
        name: ci
        targets: all
        strategy: { canary: 1, soak: 200ms, waves: [1, 100%%], waveSoak: 100ms }
        change:
          - run: cp config config.bak
          - run: echo v2 > config
        verify:
          - name: check v2
            run: %s
        rollback:
          - run: if [ -e config.bak ]; then cp config.bak config; fi
        health:
          interval: 100ms
          probes:
            - name: health endpoint
              http: "${vars.health}"
        """.formatted(verify);
    Path p = dir.resolve("plan.yml");
    Files.writeString(p, plan);
    return p;
  }

  @Test
  void applyStreamsJsonLinesAndNotifiesEachStateChangeOfASuccessfulRun() throws IOException {
    Result r = rollout("apply", plan("grep -qx v2 config").toString(), "--yes", "--output",
        "json", "--notify", hook.url("/services/" + SECRET));

    assertThat(r.code()).as(r.err()).isZero();
    List<JsonNode> lines = r.out().lines().map(CiOutputTest::parse).toList();
    assertThat(lines).allSatisfy(l -> assertThat(l.get("schemaVersion").asInt()).isEqualTo(1));
    assertThat(lines.get(0).get("type").asText()).isEqualTo("RunStarted");
    JsonNode summary = lines.get(lines.size() - 1);
    assertThat(summary.get("kind").asText()).isEqualTo("summary");
    assertThat(summary.get("exitCode").asInt()).isZero();
    assertThat(summary.get("phase").asText()).isEqualTo("completed");
    assertThat(summary.get("hosts").get("host-3").asText()).isEqualTo("changed");
    await().atMost(Duration.ofSeconds(10)).until(() -> hook.events().contains("run-completed"));
    assertThat(hook.events()).containsExactly("run-started", "canary-passed", "wave-done",
        "wave-done", "run-completed");
    assertThat(hook.bodies()).allSatisfy(b -> assertThat(WebhookReceiver.json(b).get("text")
        .asText()).doesNotContain("\n"));
    assertSecretNowhere(r);
  }

  @Test
  void aFailedCanaryNotifiesTheFailureAndRollbackAndTheReportShowsThem() throws IOException {
    Result r = rollout("apply", plan("grep -qx v3 config || { echo 'config is not v3' >&2; "
        + "exit 4; }").toString(), "--yes", "--notify", hook.url("/services/" + SECRET));

    assertThat(r.code()).as(r.err()).isEqualTo(1);
    await().atMost(Duration.ofSeconds(10)).until(() -> hook.events().contains("run-rolled-back"));
    assertThat(hook.events()).containsExactly("run-started", "host-failed", "rollback-started",
        "rollback-finished", "run-rolled-back");
    assertThat(hook.bodies()).extracting(b -> WebhookReceiver.json(b).get("severity").asText())
        .containsExactly("info", "critical", "warning", "info", "warning");

    Result report = rollout("report");
    assertThat(report.code()).isZero();
    assertThat(report.out()).contains("# Rollout run", "**rolled_back**", "first-change",
        "host-failed", "rollback-started", "rollback-done", "## Host host-1: rolled back",
        "config is not v3", "| verify | 1. check v2 | ssh | 4 |");
    Result json = rollout("report", "--format", "json");
    JsonNode doc = parse(json.out());
    assertThat(doc.get("schemaVersion").asInt()).isEqualTo(1);
    assertThat(doc.get("outcome").asText()).isEqualTo("rolled_back");
    assertSecretNowhere(r);
    assertThat(report.out()).doesNotContain(SECRET);
  }

  @Test
  void everyCommandPrintsOneJsonDocumentWithASchemaVersion() throws IOException {
    Path plan = plan("grep -qx v2 config");
    assertThat(rollout("apply", plan.toString(), "--yes").code()).isZero();

    for (String[] args : List.of(new String[] {"validate", plan.toString()},
        new String[] {"plan", plan.toString()}, new String[] {"status"},
        new String[] {"history"})) {
      Result r = rollout(Stream.concat(Stream.of(args), Stream.of("--output", "json"))
          .toArray(String[]::new));
      assertThat(r.code()).as(String.join(" ", args) + r.err()).isZero();
      JsonNode doc = parse(r.out());
      assertThat(doc.get("schemaVersion").asInt()).as(args[0]).isEqualTo(1);
    }
    JsonNode status = parse(rollout("status", "--output", "json").out());
    assertThat(status.get("state").asText()).isEqualTo("ended");
    assertThat(status.get("outcome").asText()).isEqualTo("completed");
    assertThat(status.get("hosts")).hasSize(3);
    JsonNode history = parse(rollout("history", "--output", "json").out());
    assertThat(history.get("runs").get(0).get("plan").asText()).isEqualTo("ci");
  }

  private void assertSecretNowhere(Result r) throws IOException {
    assertThat(r.out()).doesNotContain(SECRET);
    assertThat(r.err()).doesNotContain(SECRET);
    try (Stream<Path> files = Files.walk(dir.resolve("state"))) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        assertThat(Files.readString(f)).as(f.toString()).doesNotContain(SECRET);
      }
    }
  }

  static JsonNode parse(String s) {
    try {
      return JSON.readTree(s);
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + s, e);
    }
  }
}
