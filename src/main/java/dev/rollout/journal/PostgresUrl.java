package dev.rollout.journal;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.function.UnaryOperator;

/**
 * Where a PostgreSQL state store is: {@code postgresql://USER@HOST:PORT/DB[?param=value&...]}
 * (also {@code postgres://}). The URL never carries a password: one written into it is refused,
 * so that it cannot end up in shell history, CI logs or process lists. The password comes from
 * {@code PGPASSWORD} in the environment, else from {@code ~/.pgpass} (or {@code PGPASSFILE}),
 * which the JDBC driver reads itself when no password is given. Query parameters (for example
 * {@code currentSchema} or {@code sslmode}) are handed to the driver as they are.
 *
 * @param user the database user; never null
 * @param host host name or address
 * @param port TCP port, 5432 unless given
 * @param database the database name
 * @param params the query parameters, {@code name=value} each
 */
public record PostgresUrl(String user, String host, int port, String database,
    List<String> params) {

  private static final List<String> SECRET_PARAMS = List.of("password", "sslpassword");

  /** True when {@code text} names a PostgreSQL store rather than a directory. */
  public static boolean isPostgres(String text) {
    return text.startsWith("postgresql://") || text.startsWith("postgres://");
  }

  /**
   * Parses a state URL. {@code env} supplies {@code PGUSER} when the URL names no user.
   *
   * @throws IllegalArgumentException for a malformed URL or one that contains a password; the
   *     message never repeats the password
   */
  public static PostgresUrl parse(String text, UnaryOperator<String> env) {
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("not a PostgreSQL URL: " + masked(text));
    }
    String info = uri.getRawUserInfo();
    if (info != null && info.contains(":")) {
      throw new IllegalArgumentException("the state URL contains a password: " + masked(text));
    }
    if (uri.getHost() == null) {
      throw new IllegalArgumentException("the state URL names no host: " + masked(text));
    }
    String db = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
    if (db.isEmpty() || db.contains("/")) {
      throw new IllegalArgumentException("the state URL names no database: " + masked(text));
    }
    List<String> params = params(uri.getRawQuery(), text);
    String user = info != null ? uri.getUserInfo() : defaultUser(env);
    return new PostgresUrl(user, uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort(), db,
        params);
  }

  private static List<String> params(String query, String text) {
    List<String> out = new ArrayList<>();
    if (query == null || query.isEmpty()) {
      return out;
    }
    for (String p : query.split("&")) {
      String name = p.split("=", 2)[0].toLowerCase(Locale.ROOT);
      if (SECRET_PARAMS.contains(name)) {
        throw new IllegalArgumentException("the state URL contains a password: " + masked(text));
      }
      if (name.equals("user")) {
        throw new IllegalArgumentException("name the user before the host, not as a parameter: "
            + masked(text));
      }
      out.add(p);
    }
    return out;
  }

  private static String defaultUser(UnaryOperator<String> env) {
    String u = env.apply("PGUSER");
    return u != null && !u.isBlank() ? u : System.getProperty("user.name");
  }

  /** {@code text} with anything that may be a password replaced by {@code ***}. */
  public static String masked(String text) {
    String s = text.replaceAll("(//[^/@:?#]*):[^@/?#]*@", "$1:***@");
    return s.replaceAll("(?i)((?:ssl)?password=)[^&#]*", "$1***");
  }

  /** The JDBC URL; the user and password go in the connection properties. */
  String jdbcUrl() {
    String h = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    String q = params.isEmpty() ? "" : "?" + String.join("&", params);
    return "jdbc:postgresql://" + h + ":" + port + "/" + database + q;
  }

  /** Connection properties: the user, and the password only when PGPASSWORD is set. */
  Properties properties(UnaryOperator<String> env) {
    Properties p = new Properties();
    p.setProperty("user", user);
    String password = env.apply("PGPASSWORD");
    if (password != null && !password.isEmpty()) {
      p.setProperty("password", password);
    }
    p.setProperty("ApplicationName", "rollout");
    p.setProperty("connectTimeout", "10");
    p.setProperty("loginTimeout", "10");
    p.setProperty("socketTimeout", "60");
    p.setProperty("tcpKeepAlive", "true");
    return p;
  }

  /** The URL as shown to people and written to logs: never with a password. */
  @Override
  public String toString() {
    String q = params.isEmpty() ? "" : "?" + String.join("&", params);
    return "postgresql://" + user + "@" + host + ":" + port + "/" + database + q;
  }
}
