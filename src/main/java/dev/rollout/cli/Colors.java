package dev.rollout.cli;

/**
 * ANSI colour, on only when stdout is a terminal and {@code NO_COLOR} is not set (any value, as
 * no-color.org says) and {@code TERM} is not {@code dumb}.
 */
record Colors(boolean on) {

  static Colors detect() {
    String term = System.getenv("TERM");
    boolean on = System.console() != null && System.getenv("NO_COLOR") == null
        && !"dumb".equals(term);
    return new Colors(on);
  }

  String bold(String s) {
    return wrap("1", s);
  }

  String dim(String s) {
    return wrap("2", s);
  }

  String red(String s) {
    return wrap("31", s);
  }

  String green(String s) {
    return wrap("32", s);
  }

  String yellow(String s) {
    return wrap("33", s);
  }

  private String wrap(String code, String s) {
    return on ? "\u001b[" + code + "m" + s + "\u001b[0m" : s;
  }
}
