package dev.rollout.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rollout plan} shows each metric probe's resolved query per host and how it judges. */
class MetricProbePreviewTest {

  static final String INVENTORY = """
      hosts:
        web-1: {address: 10.0.0.11}
        web-2: {address: 10.0.0.12}
      groups:
        web: [web-1, web-2]
      """;

  static final String PLAN = """
      name: metrics
      targets: web
      vars: {prometheus: "http://127.0.0.1:9090", alertmanager: "http://127.0.0.1:9093"}
      strategy:
        canary: 1
        soak: 30m
        waves: [100%]
        analysis: {control: 1, metrics: [restarts], tolerance: 2}
      change:
        - run: "true"
      rollback:
        - run: "true"
      health:
        probes:
          - name: restarts
            prometheus: ${vars.prometheus}
            query: sum(increase(restarts_total{instance="${host.name}"}[5m]))
            success: "< 1"
            failure: ">= 3"
          - name: real alerts
            alerts: ${vars.alertmanager}
            match: {instance: "${host.name}"}
            for: 15m
      """;

  @Test
  void textAndJsonShowTheResolvedQueryPerHostAndTheRule(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("plan.yml"), PLAN);
    Files.writeString(dir.resolve("inventory.yml"), INVENTORY);
    String plan = dir.resolve("plan.yml").toString();
    String inv = dir.resolve("inventory.yml").toString();

    Cli text = Cli.run("plan", plan, "-i", inv);
    Cli json = Cli.run("plan", plan, "-i", inv, "-o", "json");

    assertThat(text.code()).as(text.err()).isZero();
    assertThat(text.out()).contains("restarts (prometheus, expects success < 1, failure >= 3, "
        + "no data fails, inconclusive: pause, errors after 4, timeout 10s)")
        .contains("sum(increase(restarts_total{instance=\"web-1\"}[5m]))  @ "
            + "http://127.0.0.1:9090")
        .contains("sum(increase(restarts_total{instance=\"web-2\"}[5m]))  @ ")
        .contains("alerts {instance=\"web-2\"} in Alertmanager http://127.0.0.1:9093")
        .contains("no matching alert firing for 15m")
        .contains("analysis   control web-2; metrics restarts; canaries may change at most 2.0x");
    JsonNode probes = new ObjectMapper().readTree(json.out()).path("probes");
    assertThat(probes.path(0).path("kind").asText()).isEqualTo("prometheus");
    assertThat(probes.path(0).path("perHost").path("web-1").asText())
        .isEqualTo("sum(increase(restarts_total{instance=\"web-1\"}[5m]))  @ "
            + "http://127.0.0.1:9090");
    assertThat(probes.path(1).path("expect").asText())
        .isEqualTo("no matching alert firing for 15m, errors after 4");
  }

  @Test
  void anUnknownVariableInAQueryIsRefused(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("plan.yml"), PLAN.replace("instance=\"${host.name}\"}[5m]",
        "instance=\"${vars.nope}\"}[5m]"));
    Files.writeString(dir.resolve("inventory.yml"), INVENTORY);

    Cli r = Cli.run("validate", dir.resolve("plan.yml").toString(), "-i",
        dir.resolve("inventory.yml").toString());

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("plan.yml:15:7: ").contains("unknown variable ${vars.nope}");
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
      "prometheus | ftp://127.0.0.1:9090 | plan.yml:15:7: ",
      "prometheus | prometheus.internal:9090 | plan.yml:15:7: ",
      "alertmanager | file:///etc/passwd | plan.yml:20:7: "})
  void aTemplatedServerUrlThatResolvesToNoHttpUrlIsRefusedByValidateAndPlan(String var,
      String value, String where, @TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("plan.yml"), PLAN.replaceFirst(var + ": \"[^\"]*\"",
        var + ": \"" + value + "\""));
    Files.writeString(dir.resolve("inventory.yml"), INVENTORY);
    String plan = dir.resolve("plan.yml").toString();
    String inv = dir.resolve("inventory.yml").toString();

    for (String command : new String[] {"validate", "plan"}) {
      Cli r = Cli.run(command, plan, "-i", inv);

      assertThat(r.code()).as(command + ": " + r.err()).isEqualTo(2);
      assertThat(r.err()).as(command).contains(where).contains("gives \"" + value
          + "\" for host web-1, which is not an http(s) URL").doesNotContain("Exception");
      assertThat(r.out()).as(command).doesNotContain("web-2");
    }
  }
}
