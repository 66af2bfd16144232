package dev.rollout.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real pseudo-terminal: a private tmux server (its own socket, no configuration file) with one
 * window running one command, read back as the screen shows it. The command's pane stays after it
 * ends, so what it left on the screen can be read.
 */
final class Tmux implements AutoCloseable {

  static final Path TMUX = Path.of("/usr/bin/tmux");

  private final Path socket;

  private Tmux(Path socket) {
    this.socket = socket;
  }

  static boolean available() {
    return TMUX.toFile().canExecute();
  }

  /** Starts {@code command} ({@code sh -c}) in a window of {@code columns} by {@code rows}. */
  static Tmux start(Path dir, int columns, int rows, String command) {
    Tmux tmux = new Tmux(dir.resolve("tmux.sock"));
    tmux.run("-u", "-f", "/dev/null", "new-session", "-d", "-x", "" + columns, "-y", "" + rows,
        "-s", "live", "sh", "-c", command + "; echo rollout-exit=$?; exec cat");
    tmux.run("set-option", "-t", "live", "history-limit", "5000");
    return tmux;
  }

  /** What the window shows now, escapes as {@code capture-pane -e} writes them. */
  String screen() {
    return run("capture-pane", "-p", "-e", "-t", "live");
  }

  /** The screen without escapes. */
  String text() {
    return run("capture-pane", "-p", "-t", "live");
  }

  /**
   * Everything the pane holds, the lines scrolled off the top too, wrapped lines joined: a line
   * that the terminal had to wrap shows here as one line wider than the window.
   */
  List<String> history() {
    return run("capture-pane", "-p", "-J", "-S", "-", "-t", "live").lines().toList();
  }

  /** {@code screen} without its escapes. */
  static String plain(String screen) {
    return screen.replaceAll("\u001b\\[[0-9;:?]*[A-Za-z]", "");
  }

  /** Opens window {@code name} that prints {@code text} as it is, with no line break. */
  void printInWindow(String name, String text) {
    run("new-window", "-d", "-n", name, "sh", "-c", "printf %s \"$1\"; exec cat", "sh", text);
  }

  /** What window {@code name} shows, without escapes. */
  String text(String name) {
    return run("capture-pane", "-p", "-t", name);
  }

  /** The column of the cursor in window {@code name}, from 0. */
  int cursorX(String name) {
    return Integer.parseInt(run("display-message", "-p", "-t", name, "#{cursor_x}").strip());
  }

  void resize(int columns, int rows) {
    run("resize-window", "-t", "live", "-x", "" + columns, "-y", "" + rows);
  }

  /** The window's width, as tmux has it. */
  int columns() {
    return Integer.parseInt(run("display-message", "-p", "-t", "live", "#{window_width}").strip());
  }

  @Override
  public void close() {
    try {
      run("kill-server");
    } catch (IllegalStateException e) {
      // the server had gone already
    }
  }

  private String run(String... args) {
    List<String> command = new ArrayList<>(List.of(TMUX.toString(), "-S", socket.toString()));
    command.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
