package dev.rollout.transport;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ShellQuoteTest {

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "plain | 'plain'",
      "\"\" | ''",
      "it's | 'it'\\''s'",
      "a; rm -rf / | 'a; rm -rf /'",
      "$(id) `id` $HOME | '$(id) `id` $HOME'"})
  void quotesAnyValueAsOneLiteralWord(String value, String quoted) {
    assertThat(ShellQuote.quote(value)).isEqualTo(quoted);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "docker exec web-1 | 'docker' 'exec' 'web-1'",
      "  pct   exec 101 --  | 'pct' 'exec' '101' '--'",
      "docker exec web-1; rm -rf / | 'docker' 'exec' 'web-1;' 'rm' '-rf' '/'",
      "\"   \" | \"\""})
  void quotesEachWordOfAWrap(String words, String quoted) {
    assertThat(ShellQuote.quoteWords(words)).isEqualTo(quoted);
  }
}
