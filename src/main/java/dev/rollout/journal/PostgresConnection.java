package dev.rollout.journal;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.function.UnaryOperator;

/**
 * The one JDBC connection of a PostgreSQL store, shared by the journal, the locks and the
 * heartbeat (one call at a time). When the connection broke (the server restarted, an
 * administrator ended the session, the network went away) it is dropped, and the next call opens
 * a new one: a store reconnects on its next operation.
 */
final class PostgresConnection implements AutoCloseable {

  /** Work done with the connection. */
  @FunctionalInterface
  interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  private final PostgresUrl url;
  private final UnaryOperator<String> env;
  private Connection connection;

  PostgresConnection(PostgresUrl url, UnaryOperator<String> env) {
    this.url = url;
    this.env = env;
  }

  /** Runs {@code work} in autocommit: each statement is durable when it returns. */
  synchronized <T> T call(Work<T> work) throws SQLException {
    Connection c = open();
    try {
      return work.run(c);
    } catch (SQLException e) {
      dropIfBroken(c, e);
      throw e;
    }
  }

  /** Runs {@code work} in one transaction: all of it, or (on an exception) none of it. */
  synchronized <T> T inTransaction(Work<T> work) throws SQLException {
    return call(c -> {
      c.setAutoCommit(false);
      try {
        T result = work.run(c);
        c.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        rollbackQuietly(c);
        throw e;
      } finally {
        if (!c.isClosed()) {
          c.setAutoCommit(true);
        }
      }
    });
  }

  private Connection open() throws SQLException {
    if (connection == null || connection.isClosed()) {
      connection = null;
      connection = DriverManager.getConnection(url.jdbcUrl(), url.properties(env));
    }
    return connection;
  }

  private void dropIfBroken(Connection c, SQLException e) {
    String state = e.getSQLState();
    boolean broken = state == null || state.startsWith("08") || state.startsWith("57");
    try {
      broken |= c.isClosed();
      if (broken) {
        c.close();
      }
    } catch (SQLException ignored) {
      // it is gone either way
    }
    if (broken && c == connection) {
      connection = null;
    }
  }

  private static void rollbackQuietly(Connection c) {
    try {
      if (!c.isClosed()) {
        c.rollback();
      }
    } catch (SQLException ignored) {
      // a broken connection rolls back on the server when it ends
    }
  }

  @Override
  public synchronized void close() {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException ignored) {
        // nothing left to keep
      }
      connection = null;
    }
  }
}
