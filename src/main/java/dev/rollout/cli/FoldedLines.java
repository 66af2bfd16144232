package dev.rollout.cli;

import java.io.PrintWriter;
import java.io.Writer;
import java.util.function.IntSupplier;

/**
 * Text written through it reaches {@code out} folded, line by line, to the terminal's width less
 * one column ({@link DisplayWidth#fold}), so that what follows the live view (the run's summary)
 * does not wrap either. A line that starts indented continues under its text (column 14, where
 * the summary's values begin); any other under its second column.
 */
final class FoldedLines extends Writer {

  private final PrintWriter out;
  private final IntSupplier columns;
  private final StringBuilder line = new StringBuilder();

  FoldedLines(PrintWriter out, IntSupplier columns) {
    this.out = out;
    this.columns = columns;
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
    for (String part : DisplayWidth.fold(l, columns.getAsInt() - 1, l.startsWith("  ") ? 14 : 2)) {
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
