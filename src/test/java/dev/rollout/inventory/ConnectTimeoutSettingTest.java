package dev.rollout.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.rollout.source.InvalidInputException;
import dev.rollout.source.Problem;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConnectTimeoutSettingTest {

  private final InventoryLoader loader = new InventoryLoader(n -> null);

  @Test
  void aHostTakesItsOwnConnectTimeoutOverItsGroupsOverTheDefaults() throws Exception {
    Inventory inv = loader.load("inventory.yml", """
        defaults: { connectTimeout: 3s }
        hosts:
          a: { address: 127.0.0.2 }
          b: { address: 127.0.0.3, connectTimeout: 1500ms }
          c: { address: 127.0.0.4 }
        groups:
          slow: { hosts: [c], connectTimeout: 30s }
        """);

    assertThat(inv.host("a").orElseThrow().connectTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(inv.host("b").orElseThrow().connectTimeout()).isEqualTo(Duration.ofMillis(1500));
    assertThat(inv.host("c").orElseThrow().connectTimeout()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void withoutASettingAHostGetsAVerdictWithinTenSeconds() throws Exception {
    Inventory inv = loader.load("inventory.yml", "hosts:\n  a: { address: 127.0.0.2 }\n");

    assertThat(inv.host("a").orElseThrow().connectTimeout()).isEqualTo(Duration.ofSeconds(10));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "0s     | connectTimeout 0s is out of range",
      "500ms  | connectTimeout 500ms is out of range",
      "11m    | connectTimeout 11m is out of range",
      "soon   | malformed duration",
  })
  void refusesAConnectTimeoutOutOfRangeWithItsPosition(String value, String message) {
    String text = "hosts:\n  a: { address: 127.0.0.2, connectTimeout: " + value + " }\n";

    InvalidInputException e = catchThrowableOfType(InvalidInputException.class,
        () -> loader.load("inventory.yml", text));

    assertThat(e.problems()).singleElement().extracting(Problem::format).asString()
        .startsWith("inventory.yml:2:44: hosts.a.connectTimeout: ").contains(message);
  }
}
