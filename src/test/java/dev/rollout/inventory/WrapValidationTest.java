package dev.rollout.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.rollout.source.InvalidInputException;
import dev.rollout.source.Problem;
import org.junit.jupiter.api.Test;

class WrapValidationTest {

  private final InventoryLoader loader = new InventoryLoader(n -> null);

  @Test
  void refusesAContainerWrapEndingInDashCWithItsPosition() {
    String inv = """
        hosts:
          host01:
            address: 127.0.0.2
          box:
            container: {host: host01, wrap: "sh -c"}
        """;

    InvalidInputException e = catchThrowableOfType(InvalidInputException.class,
        () -> loader.load("inventory.yml", inv));

    assertThat(e.problems()).singleElement().extracting(Problem::format).asString()
        .startsWith("inventory.yml:5:37: ")
        .contains("container.wrap \"sh -c\"", "ends in \"-c\"", "Rollout adds sh -c");
  }

  @Test
  void refusesEveryBadWrapAtOnceConsoleIncluded() {
    String inv = """
        hosts:
          hv:
            address: 127.0.0.2
          web:
            address: 127.0.0.3
            console: {host: hv, wrap: "pct exec 101 -- bash -lc"}
          box:
            container:
              host: hv
              wrap: docker exec 'web-1
        """;

    InvalidInputException e = catchThrowableOfType(InvalidInputException.class,
        () -> loader.load("inventory.yml", inv));

    assertThat(e.problems()).extracting(Problem::format)
        .satisfiesExactly(
            p -> assertThat(p).startsWith("inventory.yml:6:31: ")
                .contains("console.wrap", "ends in \"-lc\""),
            p -> assertThat(p).startsWith("inventory.yml:10:13: ")
                .contains("container.wrap", "single quote is never closed"));
  }

  @Test
  void keepsAQuotedWrapAsWritten() throws Exception {
    String inv = """
        hosts:
          host01:
            address: 127.0.0.2
          box:
            container: {host: host01, wrap: "env NAME='my box'"}
        """;

    Host box = loader.load("inventory.yml", inv).host("box").orElseThrow();

    assertThat(box.container().wrap()).isEqualTo("env NAME='my box'");
  }
}
