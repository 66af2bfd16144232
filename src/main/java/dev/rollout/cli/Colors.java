package dev.rollout.cli;

/**
 * ANSI colour, on only when stdout is a terminal, {@code NO_COLOR} is not set to a non-empty value
 * (whatever the value, as no-color.org says) and {@code TERM} is not {@code dumb}. Colour only
 * ever adds to words: whatever it marks is said in the text too.
 */
record Colors(boolean on) {

  static final Colors OFF = new Colors(false);

  static Colors detect() {
    return new Colors(System.console() != null && wanted(System.getenv("NO_COLOR"),
        System.getenv("TERM")));
  }

  /** Whether a terminal with these {@code NO_COLOR} and {@code TERM} values gets colour. */
  static boolean wanted(String noColor, String term) {
    return (noColor == null || noColor.isEmpty()) && !"dumb".equals(term);
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

  String cyan(String s) {
    return wrap("36", s);
  }

  String yellow(String s) {
    return wrap("33", s);
  }

  private String wrap(String code, String s) {
    return on ? "\u001b[" + code + "m" + s + "\u001b[0m" : s;
  }
}
