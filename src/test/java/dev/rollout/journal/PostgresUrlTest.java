package dev.rollout.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** State URLs: what is accepted, what is refused, and that a password is never shown. */
class PostgresUrlTest {

  static final UnaryOperator<String> NO_ENV = n -> null;

  @Test
  void readsUserHostPortDatabaseAndParameters() {
    PostgresUrl u = PostgresUrl.parse("postgresql://deploy@127.0.0.1:6543/rollout"
        + "?currentSchema=team&sslmode=disable", NO_ENV);

    assertThat(u.user()).isEqualTo("deploy");
    assertThat(u.port()).isEqualTo(6543);
    assertThat(u.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:6543/rollout"
        + "?currentSchema=team&sslmode=disable");
    assertThat(u).hasToString("postgresql://deploy@127.0.0.1:6543/rollout"
        + "?currentSchema=team&sslmode=disable");
  }

  @Test
  void takesTheDefaultPortAndThePgUserFromTheEnvironment() {
    PostgresUrl u = PostgresUrl.parse("postgres://db.internal/state", Map.of("PGUSER", "ci")::get);

    assertThat(u).hasToString("postgresql://ci@db.internal:5432/state");
  }

  @ParameterizedTest
  @ValueSource(strings = {"postgresql://deploy:s3cr3tPw@127.0.0.1:5432/rollout",
      "postgresql://deploy:@127.0.0.1/rollout",
      "postgresql://deploy@127.0.0.1/rollout?password=s3cr3tPw",
      "postgresql://deploy@127.0.0.1/rollout?sslmode=require&PassWord=s3cr3tPw",
      "postgresql://deploy@127.0.0.1/rollout?sslpassword=s3cr3tPw"})
  void refusesAPasswordInTheUrlWithoutRepeatingIt(String url) {
    assertThatThrownBy(() -> PostgresUrl.parse(url, NO_ENV))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("contains a password")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cr3tPw"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"postgresql://deploy@127.0.0.1:5432/", "postgresql:///rollout",
      "postgresql://deploy@127.0.0.1/a/b", "postgresql://deploy@127.0.0.1/x?user=root"})
  void refusesAUrlThatNamesNoHostOrDatabase(String url) {
    assertThatThrownBy(() -> PostgresUrl.parse(url, NO_ENV))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void takesThePasswordFromPgPasswordOnlyAndLeavesPgpassToTheDriver() {
    PostgresUrl u = PostgresUrl.parse("postgresql://deploy@127.0.0.1/rollout", NO_ENV);

    assertThat(u.properties(NO_ENV)).doesNotContainKey("password");
    assertThat(u.properties(Map.of("PGPASSWORD", "pw")::get)).containsEntry("password", "pw");
    assertThat(u.toString() + u.jdbcUrl()).doesNotContain("pw");
  }

  @Test
  void masksWhatMayBeAPassword() {
    assertThat(PostgresUrl.masked("postgresql://u:pw@h/db?password=x&a=b"))
        .isEqualTo("postgresql://u:***@h/db?password=***&a=b");
  }
}
