package dev.rollout.source;

/**
 * One thing wrong with an input file.
 *
 * @param position where it is
 * @param path the path in the document, such as {@code strategy.waves[1]}; empty for the root
 * @param message what is wrong, in an operator's words, naming the value found
 * @param hint how to fix it, or empty
 */
public record Problem(Position position, String path, String message, String hint) {

  /** {@code file:line:column: path: message (hint)}, the line validation prints. */
  public String format() {
    StringBuilder b = new StringBuilder(position.toString()).append(": ");
    if (!path.isEmpty()) {
      b.append(path).append(": ");
    }
    b.append(message);
    if (!hint.isEmpty()) {
      b.append(" (").append(hint).append(')');
    }
    return Visible.line(b.toString());
  }
}
