package dev.rollout.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The metric probes' small condition grammar. */
class ConditionTest {

  @ParameterizedTest(name = "{0} on {1} is {2}")
  @CsvSource(delimiter = '|', value = {
      "< 1        | 0      | true",
      "< 1        | 1      | false",
      "<= 1       | 1      | true",
      "> 2.5      | 2.5    | false",
      ">= 2.5     | 2.5    | true",
      "== 0       | 0      | true",
      "== 0       | -0     | true",
      "!= 0       | 3      | true",
      "!= 0       | 0      | false",
      ">= 0.5 and < 2 | 1  | true",
      ">= 0.5 and < 2 | 2  | false",
      ">= 0.5 AND < 2 | 0.4 | false",
      "< 1e3      | 999    | true",
      "> -1       | -0.5   | true",
      "<.5        | 0.25   | true",
      "< 1        | NaN    | false",
      "!= 1       | NaN    | true",
  })
  void judgesAValue(String text, double value, boolean expected) {
    assertThat(Condition.parse(text).test(value)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "\"{0}\" is refused at {1}")
  @CsvSource(delimiter = '|', value = {
      "''           | 0",
      "1            | 0",
      "< one        | 2",
      "=< 1         | 0",
      "< 1 or > 3   | 4",
      "< 1 and      | 7",
      "< 1 andd > 2 | 4",
      "< 1.2.3      | 2",
      "< 1; rm -rf  | 3",
      "< 1 2        | 4",
      "=> 1         | 0",
  })
  void refusesMalformedConditionsSayingWhere(String text, int offset) {
    assertThatThrownBy(() -> Condition.parse(text))
        .isInstanceOfSatisfying(Condition.Malformed.class,
            e -> assertThat(e.offset()).isEqualTo(offset));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "<1|< 1",
      "  >=  0.5   and<2 |>= 0.5 and < 2",
  })
  void showsTheConditionNormalised(String text, String shown) {
    assertThat(Condition.parse(text).text()).isEqualTo(shown);
  }
}
