package dev.rollout.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource({
    "90s, PT1M30S",
    "30m, PT30M",
    "72h, PT72H",
    "2d, PT48H",
    "0, PT0S",
    "0s, PT0S",
    "250ms, PT0.25S",
    "' 45s ', PT45S",
    "1h30m, PT1H30M",
    "6d1h, PT145H",
  })
  void parsesTheFormsOperatorsWrite(String text, String iso) {
    assertThat(Durations.parse(text)).contains(Duration.parse(iso));
  }

  @ParameterizedTest(name = "\"{0}\" is refused")
  @ValueSource(strings = {"", " ", "72 hours", "5x", "-1s", "1.5h", "h", "30", "30M", "1h 30m",
      "1e3s", "9999999999s", "0x10s", "72hours", "∞"})
  void refusesWhatIsNotADuration(String text) {
    assertThat(Durations.parse(text)).isEmpty();
  }

  @ParameterizedTest(name = "{0} formats as {1}")
  @CsvSource({
    "PT0S, 0s",
    "PT45S, 45s",
    "PT1M30S, 1m30s",
    "PT72H, 3d",
    "PT145H, 6d1h",
    "PT1H30M, 1h30m",
    "PT0.5S, 500ms",
    "PT25H0.001S, 1d1h1ms",
  })
  void formatsInTheShortestExactForm(String iso, String text) {
    assertThat(Durations.format(Duration.parse(iso))).isEqualTo(text);
  }

  @ParameterizedTest(name = "{0} survives format and parse")
  @ValueSource(strings = {"90s", "30m", "72h", "2d", "0", "26h", "3601s", "1500ms"})
  void whatFormatPrintsParsesBack(String text) {
    Duration d = Durations.parse(text).orElseThrow();
    assertThat(Durations.parse(Durations.format(d))).contains(d);
  }

  @Test
  void theLongestDurationAPlanMayGiveFitsTheEnginesArithmetic() {
    assertThatCode(() -> {
      Durations.MAX.toNanos();
      Instant.now().plus(Durations.MAX.multipliedBy(1000));
    }).doesNotThrowAnyException();
    assertThat(Durations.format(Durations.MAX)).isEqualTo("1000d");
  }

  @Test
  void aDurationThatParsesCanStillOverflowTheEngineWhichIsWhyItIsBounded() {
    Duration huge = Durations.parse("999999999d").orElseThrow();
    assertThat(huge).isGreaterThan(Durations.MAX);
    assertThatThrownBy(huge::toNanos).isInstanceOf(ArithmeticException.class);
  }
}
