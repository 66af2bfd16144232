package dev.rollout.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidateCommandTest {

  @Test
  void validPlanExitsZeroWithOneLineOnStdout() {
    Cli r = Cli.run("validate", "plans/docker-storage-driver.yml", "-i", "inventory.yml");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.err()).isEmpty();
    assertThat(r.out()).contains("valid: plan docker-storage-driver, 5 target(s) in 3 stage(s)");
  }

  @Test
  void jsonListsEveryProblemWithFileLineAndColumn(@TempDir Path dir) throws IOException {
    Path plan = dir.resolve("plan.yml");
    Files.writeString(plan, """
        name: x
        targets: [web-1]
        strategy:
          soka: 30m
        change:
          - echo ${vars.nope}
        rollback:
          - echo
        """);
    Cli r = Cli.run("validate", plan.toString(), "-i", "inventory.yml", "--output", "json");

    assertThat(r.code()).isEqualTo(2);
    JsonNode doc = new ObjectMapper().readTree(r.out());
    assertThat(doc.get("schemaVersion").asInt()).isEqualTo(1);
    assertThat(doc.get("valid").asBoolean()).isFalse();
    assertThat(doc.get("problems")).hasSize(2);
    JsonNode first = doc.get("problems").get(0);
    assertThat(first.get("file").asText()).isEqualTo(plan.toString());
    assertThat(first.get("line").asInt()).isEqualTo(4);
    assertThat(first.get("column").asInt()).isEqualTo(3);
    assertThat(first.get("path").asText()).isEqualTo("strategy.soka");
    assertThat(first.get("hint").asText()).isEqualTo("did you mean \"soak\"?");
    assertThat(doc.get("problems").get(1).get("message").asText())
        .isEqualTo("unknown variable ${vars.nope}");
  }

  @Test
  void validJsonSaysValid() throws IOException {
    Cli r = Cli.run("validate", "plans/nginx-gzip.yml", "-i", "inventory.yml", "-o", "json");
    JsonNode doc = new ObjectMapper().readTree(r.out());
    assertThat(r.code()).isZero();
    assertThat(doc.get("valid").asBoolean()).isTrue();
    assertThat(doc.get("problems")).isEmpty();
    assertThat(doc.get("targets").asInt()).isEqualTo(3);
  }
}
