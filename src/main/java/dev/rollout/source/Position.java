package dev.rollout.source;

/**
 * Where a value stands in a file.
 *
 * @param file the file as the operator named it
 * @param line 1-based line
 * @param column 1-based column
 */
public record Position(String file, int line, int column) {

  @Override
  public String toString() {
    return file + ":" + line + ":" + column;
  }
}
