package dev.rollout.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.rollout.source.InvalidInputException;
import dev.rollout.source.Problem;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code becomePasswordEnv}: sudo's password from the controller's environment, set in defaults,
 * a group or a host like every other setting; a variable that is not set is refused where it is
 * named, and the value is never shown.
 */
class BecomePasswordSettingTest {

  private static final Map<String, String> ENV = Map.of("WEB_SUDO", "w-s3cret", "DB_SUDO",
      "d-s3cret", "TWO_LINES", "line1\nline2", "EMPTY", "");

  private final InventoryLoader loader = new InventoryLoader(ENV::get);

  @Test
  void aHostTakesItsOwnPasswordOverItsGroupsOverTheDefaults() throws Exception {
    Inventory inv = loader.load("inventory.yml", """
        defaults: { become: true, becomePasswordEnv: WEB_SUDO }
        hosts:
          a: { address: 127.0.0.2 }
          b: { address: 127.0.0.3, becomePasswordEnv: DB_SUDO }
          c: { address: 127.0.0.4 }
        groups:
          db: { hosts: [c], becomePasswordEnv: DB_SUDO }
        """);

    assertThat(inv.host("a").orElseThrow().becomePassword()).isEqualTo(new Var("w-s3cret",
        "WEB_SUDO"));
    assertThat(inv.host("b").orElseThrow().becomePassword().value()).isEqualTo("d-s3cret");
    assertThat(inv.host("c").orElseThrow().becomePassword().env()).isEqualTo("DB_SUDO");
    assertThat(inv.host("a").orElseThrow().toString()).doesNotContain("w-s3cret");
  }

  @Test
  void withoutTheSettingSudoNeedsNoPassword() throws Exception {
    Inventory inv = loader.load("inventory.yml",
        "hosts:\n  a: { address: 127.0.0.2, become: true }\n");

    assertThat(inv.host("a").orElseThrow().becomePassword()).isNull();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "NOT_SET     | the environment variable NOT_SET is not set",
      "EMPTY       | the environment variable EMPTY is empty",
      "TWO_LINES   | the environment variable TWO_LINES holds more than one line",
      "'p4ss word' | becomePasswordEnv \"p4ss word\" is not the name of an environment variable",
  })
  void refusesAVariableThatGivesNoPasswordAtItsPositionNamingHostAndVariable(String name,
      String message) {
    String text = "hosts:\n  web-1: { address: 127.0.0.2, becomePasswordEnv: '" + name + "' }\n";

    InvalidInputException e = catchThrowableOfType(InvalidInputException.class,
        () -> loader.load("inventory.yml", text));

    assertThat(e.problems()).singleElement().extracting(Problem::format).asString()
        .startsWith("inventory.yml:2:51: hosts.web-1.becomePasswordEnv: ").contains(message)
        .doesNotContain("line1");
  }

  @Test
  void aMissingVariableInTheDefaultsIsReportedOnceWhereItIsWritten() {
    String text = """
        defaults:
          becomePasswordEnv: NOT_SET
        hosts:
          a: { address: 127.0.0.2 }
          b: { address: 127.0.0.3 }
        """;

    InvalidInputException e = catchThrowableOfType(InvalidInputException.class,
        () -> loader.load("inventory.yml", text));

    assertThat(e.problems()).singleElement().extracting(Problem::format).asString()
        .startsWith("inventory.yml:2:22: defaults.becomePasswordEnv: ").contains("NOT_SET",
            "export NOT_SET");
  }
}
