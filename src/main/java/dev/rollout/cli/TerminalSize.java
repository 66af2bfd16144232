package dev.rollout.cli;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The terminal's size in columns and rows, for the live view.
 *
 * <p>Plain Java 17 cannot make the {@code TIOCGWINSZ} ioctl, so the size is asked of {@code stty
 * size < /dev/tty} (the same ioctl, made by Debian's coreutils): once at start and again after
 * each {@code SIGWINCH}, which the kernel sends the terminal's foreground processes on a resize.
 * {@code COLUMNS} and {@code LINES} are only a fallback: shells set them without exporting them,
 * and they never follow a resize. With neither, 80 by 24.
 *
 * @param columns at least {@link #MIN_COLUMNS}
 * @param rows at least {@link #MIN_ROWS}
 */
record TerminalSize(int columns, int rows) {

  static final int MIN_COLUMNS = 20;
  static final int MIN_ROWS = 5;
  static final TerminalSize DEFAULT = new TerminalSize(80, 24);

  TerminalSize {
    columns = Math.max(MIN_COLUMNS, columns);
    rows = Math.max(MIN_ROWS, rows);
  }

  /** The size now: {@code stty size} on the controlling terminal, else the environment's. */
  static TerminalSize query() {
    TerminalSize asked = fromStty();
    return asked != null ? asked : fromEnvironment(System.getenv("COLUMNS"),
        System.getenv("LINES"));
  }

  /**
   * Calls {@code action} on every SIGWINCH (on the JVM's signal thread) until the returned hook is
   * run, which puts the previous handler back. A system without SIGWINCH calls nothing.
   */
  static Runnable onResize(Runnable action) {
    try {
      sun.misc.Signal winch = new sun.misc.Signal("WINCH");
      sun.misc.SignalHandler previous = sun.misc.Signal.handle(winch, s -> action.run());
      return () -> sun.misc.Signal.handle(winch, previous);
    } catch (IllegalArgumentException | UnsupportedOperationException e) {
      return () -> {};
    }
  }

  /** {@code COLUMNS} and {@code LINES} when they are numbers, else 80 by 24. */
  static TerminalSize fromEnvironment(String columns, String lines) {
    return new TerminalSize(number(columns, DEFAULT.columns()), number(lines, DEFAULT.rows()));
  }

  /** Parses {@code stty size}'s answer, "ROWS COLUMNS"; null for anything else (0 0 included). */
  static TerminalSize parseStty(String answer) {
    String[] parts = answer.strip().split("\\s+");
    if (parts.length != 2) {
      return null;
    }
    int rows = number(parts[0], 0);
    int columns = number(parts[1], 0);
    return rows > 0 && columns > 0 ? new TerminalSize(columns, rows) : null;
  }

  private static TerminalSize fromStty() {
    File tty = new File("/dev/tty");
    if (!tty.exists()) {
      return null;
    }
    try {
      Process p = new ProcessBuilder("stty", "size").redirectInput(tty)
          .redirectError(ProcessBuilder.Redirect.DISCARD).start();
      String answer = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
      if (!p.waitFor(2, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return null;
      }
      return p.exitValue() == 0 ? parseStty(answer) : null;
    } catch (java.io.IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  private static int number(String text, int otherwise) {
    if (text == null || !text.strip().matches("[0-9]{1,5}")) {
      return otherwise;
    }
    int n = Integer.parseInt(text.strip());
    return n > 0 ? n : otherwise;
  }
}
