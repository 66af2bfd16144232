package dev.rollout.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code rollout plan} on the bundled plans and inventory, and on a plan with a secret. */
class PlanCommandTest {

  private static final String INVENTORY = "inventory.yml";

  static Stream<Arguments> bundledPlans() {
    return Stream.of(
        Arguments.of("plans/docker-storage-driver.yml",
            "jq '.\"storage-driver\"=\"fuse-overlayfs\"' /etc/docker/daemon.json.rollout-bak"
                + " > /etc/docker/daemon.json"),
        Arguments.of("plans/nginx-gzip.yml", "all hosts: systemctl reload nginx"),
        Arguments.of("plans/sysctl-somaxconn.yml",
            "somaxconn=\"${ROLLOUT_VAR_SOMAXCONN}\" > /etc/sysctl.d/90-rollout-somaxconn.conf"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("bundledPlans")
  void previewsEveryBundledPlanWithStagesTakesDownAndExactCommands(String plan, String command) {
    Cli r = Cli.run("plan", plan, "-i", INVENTORY);
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.err()).isEmpty();
    assertThat(r.out()).contains("Stage canary", "why: ", "Stage wave 1", "takes down:",
        "Steps", "Probes", command);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("bundledPlans")
  void textPreviewHasNoColourOffATerminalAndFitsEightyColumnsSaveCommands(String plan) {
    String out = Cli.run("plan", plan, "-i", INVENTORY).out();
    assertThat(out).doesNotContain("\u001b[");
    assertThat(out.lines().filter(l -> !l.startsWith("      ")))
        .as("lines other than commands (indented 6)").allSatisfy(
            l -> assertThat(l.length()).as(l).isLessThanOrEqualTo(80));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("bundledPlans")
  void jsonPreviewIsAStableDocument(String plan) throws IOException {
    Cli r = Cli.run("plan", plan, "-i", INVENTORY, "--output", "json");
    assertThat(r.code()).isZero();
    JsonNode doc = new ObjectMapper().readTree(r.out());
    assertThat(doc.get("schemaVersion").asInt()).isEqualTo(1);
    assertThat(doc.get("stages").isArray()).isTrue();
    assertThat(doc.get("stages")).isNotEmpty();
    assertThat(doc.get("steps")).isNotEmpty();
    assertThat(doc.get("probes")).isNotEmpty();
    assertThat(doc.get("timing").get("minimumDuration").asText()).isNotEmpty();
    assertThat(doc.get("hash").get("plan").asText()).matches("[0-9a-f]{64}");
    assertThat(doc.get("hash").get("targets").asText()).matches("[0-9a-f]{64}");
  }

  @Test
  void saveWritesTheJsonPreviewWithItsHash(@TempDir Path dir) throws IOException {
    Path saved = dir.resolve("preview.json");
    Cli r = Cli.run("plan", "plans/nginx-gzip.yml", "-i", INVENTORY, "--save", saved.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("Preview saved to " + saved);
    JsonNode doc = new ObjectMapper().readTree(saved.toFile());
    String json = Cli.run("plan", "plans/nginx-gzip.yml", "-i", INVENTORY, "-o", "json").out();
    assertThat(doc.get("hash")).isEqualTo(new ObjectMapper().readTree(json).get("hash"));
    assertThat(Files.list(dir)).containsExactly(saved);
  }

  @Test
  void secretsFromTheEnvironmentAreMaskedInTextJsonAndTheSavedFile(@TempDir Path dir)
      throws IOException {
    String secret = System.getenv("PATH");
    assertThat(secret).as("PATH is set in the test JVM").isNotBlank();
    Path inv = dir.resolve("inventory.yml");
    Files.writeString(inv, """
        hosts:
          web-1: {address: 10.0.0.11, vars: {token: {env: PATH}}}
        """);
    Path plan = dir.resolve("plan.yml");
    Files.writeString(plan, """
        name: secret
        targets: [web-1]
        vars: {key: {env: PATH}}
        change:
          - run: 'curl -H "Authorization: ${vars.token}" https://x.example.net/${vars.key}'
        rollback:
          - echo ${vars.key}
        health:
          probes:
            - http: "https://x.example.net/health?k=${vars.key}"
        """);
    Path saved = dir.resolve("saved.json");
    Cli text = Cli.run("plan", plan.toString(), "-i", inv.toString(), "--save", saved.toString());
    Cli json = Cli.run("plan", plan.toString(), "-i", inv.toString(), "-o", "json");

    assertThat(text.code()).as(text.err()).isZero();
    assertThat(text.out()).contains("ROLLOUT_VAR_TOKEN='****'", "ROLLOUT_VAR_KEY='****'", "k=****")
        .doesNotContain(secret);
    assertThat(json.out()).contains("****").doesNotContain(secret);
    assertThat(Files.readString(saved)).contains("****").doesNotContain(secret);
  }
}
