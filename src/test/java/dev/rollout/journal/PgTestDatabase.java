package dev.rollout.journal;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A fresh PostgreSQL database for one test class, {@code rollout_it_<random>}, created through the
 * server's {@code postgres} database and dropped (with its sessions) after the class. The server
 * is the one {@code ROLLOUT_TEST_PG} names ({@code .ci/run} sets it); without it the tests are
 * skipped one by one with that reason (so the reports count them as skipped). Register as a
 * static field with {@code @RegisterExtension}.
 */
public final class PgTestDatabase implements BeforeAllCallback, BeforeEachCallback,
    AfterAllCallback {

  static final String NO_SERVER = "ROLLOUT_TEST_PG is not set: no PostgreSQL server to test "
      + "against (.ci/run sets it to postgresql://postgres@127.0.0.1:5432/test)";

  private PostgresUrl server;
  private String name;

  @Override
  public void beforeAll(ExtensionContext context) throws SQLException {
    String base = System.getenv("ROLLOUT_TEST_PG");
    if (base == null || base.isBlank()) {
      return;
    }
    server = PostgresUrl.parse(base, System::getenv);
    name = "rollout_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12)
        .toLowerCase(Locale.ROOT);
    admin("CREATE DATABASE " + name);
  }

  /** Skips each test, one by one and with the reason, when there is no server. */
  @Override
  public void beforeEach(ExtensionContext context) {
    assumeTrue(name != null, NO_SERVER);
  }

  @Override
  public void afterAll(ExtensionContext context) throws SQLException {
    if (name != null) {
      admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }
  }

  /** The state URL of this class's database. */
  public String url() {
    return "postgresql://" + server.user() + "@" + server.host() + ":" + server.port() + "/"
        + name;
  }

  public PostgresUrl parsed() {
    return PostgresUrl.parse(url(), System::getenv);
  }

  public String name() {
    return name;
  }

  /** A store on this database, as a controller opens it. */
  public PostgresRunStore open() throws StoreUnavailable {
    return PostgresRunStore.open(parsed(), System::getenv);
  }

  /** A plain connection to this database, for looking at the tables. */
  public Connection connect() throws SQLException {
    PostgresUrl u = parsed();
    return DriverManager.getConnection(u.jdbcUrl(), u.properties(System::getenv));
  }

  /** Makes the database refuse connections and ends every session on it: an outage. */
  public void goAway() throws SQLException {
    admin("ALTER DATABASE " + name + " WITH ALLOW_CONNECTIONS false");
    admin("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + name
        + "' AND pid <> pg_backend_pid()");
  }

  /** Ends the outage. */
  public void comeBack() throws SQLException {
    admin("ALTER DATABASE " + name + " WITH ALLOW_CONNECTIONS true");
  }

  private void admin(String sql) throws SQLException {
    admin(server, sql);
  }

  /** Runs {@code sql} on the {@code postgres} database of {@code server}: create, drop. */
  public static void admin(PostgresUrl server, String sql) throws SQLException {
    PostgresUrl a = new PostgresUrl(server.user(), server.host(), server.port(), "postgres",
        java.util.List.of());
    try (Connection c = DriverManager.getConnection(a.jdbcUrl(), a.properties(System::getenv));
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
