package dev.rollout.journal;

import dev.rollout.engine.Event;
import dev.rollout.engine.Journal;
import dev.rollout.engine.JournalFailure;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A journal in a file: one JSON line per event, each carrying the hash of the line before it and
 * forced to disk before {@link #append} returns. Reading verifies every line ({@link
 * JournalContents}) and ignores a half-written last line (a power cut mid-write), reporting that
 * it did.
 */
public final class FileJournal implements Journal, AutoCloseable {

  private final FileOutputStream file;
  private final List<Event> events;
  private Failpoint failpoint;
  private String lastHash;

  /** Opens {@code file}, as {@code existing} read it, to append after its last complete line. */
  FileJournal(Path file, JournalContents existing, Failpoint failpoint) {
    try {
      // A stream, not a FileChannel: an interrupted thread (Ctrl-C, a cancelled host task) would
      // close a channel under every other writer.
      this.file = new FileOutputStream(file.toFile(), true);
      Files.setPosixFilePermissions(file, FileRunStore.OWNER_ONLY_FILE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the journal " + file, e);
    }
    this.events = new ArrayList<>(existing.events());
    this.lastHash = existing.lastHash();
    this.failpoint = failpoint;
  }

  /** This journal, stopping at {@code f} (a crash test's hook). */
  FileJournal withFailpoint(Failpoint f) {
    this.failpoint = f;
    return this;
  }

  @Override
  public synchronized void append(Event event) {
    byte[] line = EventCodec.encode(event, lastHash).getBytes(StandardCharsets.UTF_8);
    try {
      byte[] ended = Arrays.copyOf(line, line.length + 1);
      ended[line.length] = '\n';
      file.write(ended);
      file.getFD().sync();
    } catch (IOException e) {
      throw new JournalFailure("cannot write the journal: " + e.getMessage(), e);
    }
    lastHash = EventCodec.hash(line);
    events.add(event);
    failpoint.reached(events.size());
  }

  /** How many events the journal holds, without copying them. */
  synchronized int size() {
    return events.size();
  }

  @Override
  public synchronized List<Event> events() {
    return List.copyOf(events);
  }

  /**
   * Reads and verifies a journal file. A line that cannot be read is a problem unless it is the
   * torn last one; an empty line is skipped, but counts in the line numbers.
   */
  public static JournalContents read(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    boolean endsClean = bytes.length == 0 || bytes[bytes.length - 1] == '\n';
    List<JournalContents.Line> lines = new ArrayList<>();
    int start = 0;
    long number = 1;
    for (int i = 0; i <= bytes.length; i++) {
      if (i == bytes.length || bytes[i] == '\n') {
        if (i > start) {
          lines.add(new JournalContents.Line(number, Arrays.copyOfRange(bytes, start, i)));
        }
        start = i + 1;
        number++;
      }
    }
    return JournalContents.read(file.toString(), "line", lines, !endsClean);
  }

  @Override
  public void close() {
    try {
      file.close();
    } catch (IOException e) {
      // closing after every event was forced: nothing is lost
    }
  }
}
