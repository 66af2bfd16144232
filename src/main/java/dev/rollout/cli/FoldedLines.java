package dev.rollout.cli;

import java.io.PrintWriter;
import java.io.Writer;
import java.util.function.IntSupplier;

/**
 * Text written through it reaches {@code out} folded, line by line, to the terminal's width less
 * one column ({@link DisplayWidth#fold}), so that what follows the live view (the run's summary)
 * does not wrap either. A line that starts indented continues at {@code indent} (where the
 * values of the summary, or of the demo's text, begin); any other under its second column.
 */
final class FoldedLines extends Writer {

  private final PrintWriter out;
  private final IntSupplier columns;
  private final int indent;
  private final StringBuilder line = new StringBuilder();

  FoldedLines(PrintWriter out, IntSupplier columns, int indent) {
    this.out = out;
    this.columns = columns;
    this.indent = indent;
  }

  @Override
  public void write(char[] text, int offset, int length) {
    for (int i = offset; i < offset + length; i++) {
      if (text[i] == '\n') {
        emit();
      } else if (text[i] != '\r') {
        line.append(text[i]);
      }
    }
  }

  private void emit() {
    String l = line.toString();
    line.setLength(0);
    int under = l.startsWith("  ") ? indent : 2;
    for (String part : DisplayWidth.fold(l, columns.getAsInt() - 1, under)) {
      out.println(part);
    }
  }

  @Override
  public void flush() {
    out.flush();
  }

  @Override
  public void close() {
    if (line.length() > 0) {
      emit();
    }
    flush();
  }
}
