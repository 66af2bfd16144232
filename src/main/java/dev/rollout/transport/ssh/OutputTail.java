package dev.rollout.transport.ssh;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;

/**
 * Drains one output stream of a command, keeping only its last {@code limit} characters, so a
 * command that prints gigabytes neither blocks on a full window nor fills the heap.
 */
final class OutputTail implements Runnable {

  private final InputStream stream;
  private final int limit;
  private final StringBuilder kept = new StringBuilder();

  OutputTail(InputStream stream, int limit) {
    this.stream = stream;
    this.limit = limit;
  }

  @Override
  public void run() {
    char[] buffer = new char[8192];
    try (Reader reader = new InputStreamReader(stream, StandardCharsets.UTF_8)) {
      int n;
      while ((n = reader.read(buffer)) != -1) {
        append(buffer, n);
      }
    } catch (IOException e) {
      // the channel closed under us (timeout or dropped connection): keep what arrived
    }
  }

  private synchronized void append(char[] buffer, int n) {
    kept.append(buffer, 0, n);
    if (kept.length() > 2 * limit) {
      kept.delete(0, kept.length() - limit);
    }
  }

  /** The last {@code limit} characters read so far. */
  synchronized String text() {
    int start = Math.max(0, kept.length() - limit);
    return kept.substring(start);
  }
}
