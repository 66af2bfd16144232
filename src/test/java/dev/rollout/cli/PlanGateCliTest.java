package dev.rollout.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollout.testfleet.FleetInventory;
import dev.rollout.testfleet.TestFleet;
import dev.rollout.testfleet.TestHost;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The checks before a run: {@code plan --check} and {@code apply --plan FILE}. */
class PlanGateCliTest {

  @RegisterExtension final TestFleet fleet = TestFleet.withHosts(3);
  @TempDir Path dir;
  Path plan;
  Path inventory;

  record Result(int code, String out, String err) {}

  @BeforeEach
  void setUp() throws IOException {
    for (TestHost h : fleet.hosts()) {
      Files.writeString(h.sandbox().resolve("config"), "v1\n");
    }
    inventory = dir.resolve("inventory.yml");
    Files.writeString(inventory, FleetInventory.yaml(fleet, Map.of("host-1",
        "console: { host: host-3, wrap: env -C " + fleet.host(1).sandbox() + " }")));
    plan = dir.resolve("plan.yml");
    Files.writeString(plan, """
        name: gate
        targets: [host-1, host-2]
        rollbackCheck:
          - run: test -w .
        change:
          - run: echo v2 > config
        rollback:
          - run: echo v1 > config
        health:
          probes:
            - name: health endpoint
              http: "${vars.health}"
        """);
  }

  Result rollout(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(code, out.toString(), err.toString());
  }

  @Test
  void planCheckRunsThePreflightReadOnlyAndChangesNothing() throws IOException {
    Result r = rollout("plan", plan.toString(), "-i", inventory.toString(), "--check");

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("Preflight check (nothing was changed)",
        "host-1               ready, way back proven");
    for (TestHost h : fleet.hosts()) {
      assertThat(Files.readString(h.sandbox().resolve("config"))).isEqualTo("v1\n");
    }
    assertThat(dir.resolve(".rollout")).doesNotExist();
  }

  @Test
  void planCheckWithJsonOutputIsOneDocument() throws Exception {
    Result r = rollout("plan", plan.toString(), "-i", inventory.toString(), "--check",
        "--output", "json");

    assertThat(r.code()).as(r.err()).isZero();
    var doc = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.out());
    assertThat(doc.get("schemaVersion").asInt()).isEqualTo(1);
    assertThat(doc.get("check")).hasSize(2);
    assertThat(doc.get("check").get(0).get("passed").asBoolean()).isTrue();
  }

  @Test
  void planCheckSaysWhichTargetWouldRefuseTheRun() {
    fleet.host(3).stop();

    Result r = rollout("plan", plan.toString(), "-i", inventory.toString(), "--check");

    assertThat(r.code()).isEqualTo(6);
    assertThat(r.out()).contains("host-1", "REFUSED", "console path");
  }

  @Test
  void applyRefusesASavedPreviewThatNoLongerMatchesAndChangesNothing() throws IOException {
    Path saved = dir.resolve("preview.json");
    assertThat(rollout("plan", plan.toString(), "-i", inventory.toString(), "--save",
        saved.toString()).code()).isZero();
    Files.writeString(plan, Files.readString(plan).replace("echo v2", "echo v3"));

    Result r = rollout("apply", plan.toString(), "-i", inventory.toString(), "--yes", "--plan",
        saved.toString());

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("no longer matches", "the plan file changed");
    assertThat(Files.readString(fleet.host(1).sandbox().resolve("config"))).isEqualTo("v1\n");
  }

  @Test
  void applyGoesAheadWithASavedPreviewThatStillMatches() throws IOException {
    Path saved = dir.resolve("preview.json");
    rollout("plan", plan.toString(), "-i", inventory.toString(), "--save", saved.toString());

    Result r = rollout("apply", plan.toString(), "-i", inventory.toString(), "--yes", "--plan",
        saved.toString());

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(Files.readString(fleet.host(2).sandbox().resolve("config"))).isEqualTo("v2\n");
  }

  @Test
  void applyRefusesWithoutATerminalAndWithoutYes() {
    Result r = rollout("apply", plan.toString(), "-i", inventory.toString());

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("refusing to apply without confirmation", "--yes");
  }
}
