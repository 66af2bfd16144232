package dev.rollout.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollout.engine.Event;
import dev.rollout.engine.HostState;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The journal's own reading of instants and durations ({@link JournalTimes}) gives what the
 * general parsers give for every text they accept, and leaves every other text to them, so a
 * journal line is accepted or refused exactly as before.
 */
class JournalTimesTest {

  @ParameterizedTest
  @ValueSource(strings = {"2026-11-01T00:00:00Z", "2026-11-01T00:00:00.2Z",
      "2026-11-01T00:00:00.200000Z", "2026-11-01T23:59:59.999999999Z", "2024-02-29T12:30:45.5Z",
      "1970-01-01T00:00:00Z", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59.123456789Z",
      "1969-12-31T23:59:59.000000001Z"})
  void readsTheFormTheJournalWritesAsTheGeneralParserDoes(String text) {
    assertThat(JournalTimes.instant(text)).isEqualTo(Instant.parse(text));
  }

  @ParameterizedTest
  @ValueSource(strings = {"2026-02-29T00:00:00Z", "2026-13-01T00:00:00Z", "2026-11-01T24:00:00Z",
      "2026-11-01T00:60:00Z", "2026-11-01T00:00:60Z", "2026-11-01T00:00:00.Z",
      "2026-11-01T00:00:00.1234567890Z", "2026-11-01T00:00:00+01:00", "2026-11-01 00:00:00Z",
      "+12026-11-01T00:00:00Z", "-2026-11-01T00:00:00Z", "2026-11-01T00:00:00z",
      "2026-1a-01T00:00:00Z", "2026-11-01T00:00:0xZ", "", "2026-11-01"})
  void leavesEveryOtherTextToTheGeneralParser(String text) {
    assertThat(JournalTimes.instant(text)).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"PT0S", "PT0.2S", "PT12.345S", "PT3600S", "PT0.000000001S",
      "PT123456789012.999999999S"})
  void readsDurationsInSecondsAsDurationParseDoes(String text) {
    assertThat(JournalTimes.duration(text)).isEqualTo(Duration.parse(text));
  }

  @ParameterizedTest
  @ValueSource(strings = {"PT1M30S", "PT-1S", "PT1H", "P1D", "PTS", "PT.5S", "PT1.S",
      "PT1.1234567890S", "pt1s", "PT1s", "PT1,5S", "PT+1S"})
  void leavesEveryOtherDurationToTheGeneralParser(String text) {
    assertThat(JournalTimes.duration(text)).isNull();
  }

  @Test
  void randomInstantsAndDurationsAsTheEncoderWritesThemReadBackTheSame() throws Exception {
    Random random = new Random(20);
    for (int i = 0; i < 2_000; i++) {
      Instant at = Instant.ofEpochSecond(random.nextInt(2_000_000_000),
          random.nextInt(4) == 0 ? 0 : random.nextInt(1_000_000_000));
      Duration d = Duration.ofSeconds(random.nextInt(300_000), random.nextInt(4) == 0 ? 0
          : random.nextInt(1_000_000_000));
      Event e = new Event.StepFinished(at, "h1", "change", 1, "step", 0, false, d, "", "", null);

      String line = EventCodec.encode(e, EventCodec.FIRST_PREV);

      assertThat(EventCodec.decodeLine(line.getBytes(StandardCharsets.UTF_8)).event())
          .isEqualTo(e);
      assertThat(EventCodec.decodeLine(line).event()).isEqualTo(e);
    }
  }

  @Test
  void aLineWithTextBeyondAsciiOrATimeInAnotherFormReadsAsBefore() throws Exception {
    String line = "{\"type\":\"HostStateChanged\",\"at\":\"2026-11-01T01:00:00+01:00\","
        + "\"host\":\"web-é\",\"from\":\"PENDING\",\"to\":\"CHANGING\",\"reason\":\"café\"}";

    Event e = EventCodec.decodeLine(line.getBytes(StandardCharsets.UTF_8)).event();

    assertThat(e).isEqualTo(new Event.HostStateChanged(Instant.parse("2026-11-01T00:00:00Z"),
        "web-é", HostState.PENDING, HostState.CHANGING, "café"));
  }

  @Test
  void anImpossibleDateIsRefusedAsBeforeAndBytesThatAreNotUtf8AreNamedSo() {
    String line = "{\"type\":\"HostStateChanged\",\"at\":\"2026-02-30T00:00:00Z\","
        + "\"host\":\"a\",\"from\":\"PENDING\",\"to\":\"CHANGING\",\"reason\":\"\"}";
    byte[] notUtf8 = line.replace("\"a\"", "\"\u00ff\"").getBytes(StandardCharsets.ISO_8859_1);

    assertThatThrownBy(() -> EventCodec.decodeLine(line.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unreadable");
    assertThatThrownBy(() -> EventCodec.decodeLine(notUtf8))
        .isInstanceOf(CharacterCodingException.class);
  }
}
