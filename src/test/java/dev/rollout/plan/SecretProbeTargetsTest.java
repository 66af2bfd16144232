package dev.rollout.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.rollout.source.InvalidInputException;
import dev.rollout.source.Problem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Validation checks probe targets with the real values of secrets: a secret that makes a URL or a
 * port invalid is refused with the probe's position and the variable's name, never its value.
 * Before, validation saw only {@code ****}: these targets passed and the run crashed with an
 * internal error that carried the secret.
 */
class SecretProbeTargetsTest {

  private static final String INVENTORY = """
      hosts:
        web-1:
          address: 127.0.0.1
          vars:
            token: {env: PROBE_TOKEN}
            port: {env: PROBE_PORT}
            site: {env: PROBE_SITE}
      """;

  @TempDir Path dir;

  @ParameterizedTest(name = "{0} with a secret of \"{1}\" is refused")
  @CsvSource(delimiter = '|', value = {
    "http: \"https://api.example.net/health/${vars.token}\" | not a secret | PROBE_TOKEN | is not a URL",
    "http: \"https://${vars.site}/health\"                   | bad host!   | PROBE_SITE  | is not a URL",
    "tcp: \"${host.address}:${vars.port}\"                   | 44x3        | PROBE_PORT  | is not host:port",
    "tcp: \"${host.address}:${vars.port}\"                   | 70000       | PROBE_PORT  | out of 1-65535",
    "http: \"http://${host.address}:${vars.port}/\"         | 99999       | PROBE_PORT  | is not a URL",
  })
  void aSecretThatBreaksAProbeTargetIsRefusedByNameWithoutItsValue(String probe, String secret,
      String env, String why) throws IOException {
    InvalidInputException e = catchThrowableOfType(InvalidInputException.class,
        () -> load(probe, Map.of(env, secret)));

    assertThat(e).as("validation must refuse it").isNotNull();
    String all = e.problems().stream().map(Problem::format).collect(Collectors.joining("\n"));
    assertThat(e.problems()).hasSize(1);
    assertThat(all).startsWith(dir.resolve("plan.yml") + ":10:7:")
        .contains("probe \"p\" gives \"", "for host web-1", why, "$" + env, "****")
        .doesNotContain(secret);
  }

  @Test
  void aValidSecretHostNameIsAcceptedThoughItsMaskIsNoHostName() {
    assertThatCode(() -> load("http: \"https://${vars.site}/health\"",
        Map.of("PROBE_SITE", "api.example.net"))).doesNotThrowAnyException();
  }

  @Test
  void aSecretNotSetIsLeftToTheCheckOfMissingSecrets() throws Exception {
    ResolvedPlan rp = load("tcp: \"${host.address}:${vars.port}\"", Map.of()).plan();
    assertThat(rp.missingSecrets()).contains("PROBE_PORT (vars.port of host web-1)");
  }

  @Test
  void aLiteralPortOutOfRangeIsRefused() {
    InvalidInputException e = catchThrowableOfType(InvalidInputException.class,
        () -> load("tcp: \"127.0.0.1:99999\"", Map.of()));
    assertThat(e).isNotNull();
    assertThat(e.problems().get(0).format()).contains(":11:12:", "out of range");
  }

  /** The shell's ${X} is no variable of Rollout's: such a target used to crash the run. */
  @ParameterizedTest(name = "{0} is refused at validation")
  @CsvSource(delimiter = '|', value = {
    "tcp: \"127.0.0.1:${PORT}\"             | is not host:port",
    "http: \"http://127.0.0.1/${X} y\"      | is not a URL",
    "http: \"http://${HOST}:8080/health\"   | is not a URL",
  })
  void aShellVariableInAProbeTargetIsTextAndRefusedWhereItBreaksTheTarget(String probe,
      String why) {
    InvalidInputException e = catchThrowableOfType(InvalidInputException.class,
        () -> load(probe, Map.of()));
    assertThat(e).as("validation must refuse it").isNotNull();
    assertThat(e.problems().get(0).format()).contains(":11:", why);
  }

  private PlanFiles.Loaded load(String probe, Map<String, String> env)
      throws IOException, InvalidInputException {
    Files.writeString(dir.resolve("inventory.yml"), INVENTORY);
    Files.writeString(dir.resolve("plan.yml"), """
        name: p
        targets: [web-1]
        change:
          - run: "true"
        rollback:
          - run: "true"
        health:
          interval: 5s
          probes:
            - name: p
              %s
        """.formatted(probe));
    return new PlanFiles(env::get).load(dir.resolve("plan.yml"), dir.resolve("inventory.yml"));
  }
}
