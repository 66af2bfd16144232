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
import java.util.List;

/**
 * A journal in a file: one JSON line per event, each forced to disk before {@link #append}
 * returns. Reading ignores a half-written last line (a power cut mid-write) and reports that it
 * did.
 */
public final class FileJournal implements Journal, AutoCloseable {

  /** The events of a journal file, and whether a torn last line was dropped. */
  public record Contents(List<Event> events, boolean tornTail) {}

  private final FileOutputStream file;
  private final List<Event> events;
  private final Failpoint failpoint;

  FileJournal(Path file, List<Event> existing, Failpoint failpoint) {
    try {
      // A stream, not a FileChannel: an interrupted thread (Ctrl-C, a cancelled host task) would
      // close a channel under every other writer.
      this.file = new FileOutputStream(file.toFile(), true);
      Files.setPosixFilePermissions(file, FileRunStore.OWNER_ONLY_FILE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the journal " + file, e);
    }
    this.events = new ArrayList<>(existing);
    this.failpoint = failpoint;
  }

  @Override
  public synchronized void append(Event event) {
    byte[] line = (EventCodec.encode(event) + "\n").getBytes(StandardCharsets.UTF_8);
    try {
      file.write(line);
      file.getFD().sync();
    } catch (IOException e) {
      throw new JournalFailure("cannot write the journal: " + e.getMessage(), e);
    }
    events.add(event);
    failpoint.reached(events.size());
  }

  @Override
  public synchronized List<Event> events() {
    return List.copyOf(events);
  }

  /** Reads a journal file. A line that cannot be read is an error unless it is the torn last one. */
  public static Contents read(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    String text = new String(bytes, StandardCharsets.UTF_8);
    boolean endsClean = text.isEmpty() || text.endsWith("\n");
    String[] lines = text.split("\n", -1);
    List<Event> out = new ArrayList<>();
    int last = lines.length - 1;
    boolean torn = false;
    for (int i = 0; i <= last; i++) {
      if (lines[i].isEmpty()) {
        continue;
      }
      try {
        out.add(EventCodec.decode(lines[i]));
      } catch (IllegalArgumentException e) {
        if (i == last && !endsClean) {
          torn = true;
        } else {
          throw new IOException(file + ":" + (i + 1) + ": " + e.getMessage(), e);
        }
      }
    }
    return new Contents(out, torn);
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
