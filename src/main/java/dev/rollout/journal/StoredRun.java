package dev.rollout.journal;

import dev.rollout.engine.Event;
import dev.rollout.engine.Journal;
import java.io.IOException;
import java.util.List;

/** One run in a {@link RunStore}: the files it started with, and its journal. */
public interface StoredRun {

  String runId();

  /** The plan file's name as the operator gave it when the run started. */
  String planFile();

  String inventoryFile();

  /** The plan file's bytes as they were when the run started. */
  byte[] plan();

  byte[] inventory();

  /** The events recorded so far. */
  List<Event> events() throws IOException;

  /**
   * How many lines at the journal's start carry no hash link: written before journals were
   * chained, so a removed or reordered one among them is not found.
   */
  default int unchainedLines() throws IOException {
    return 0;
  }

  /** True when the journal's last line was half-written (and was ignored). */
  boolean tornTail() throws IOException;

  /** Opens the journal to append to it. */
  Journal journal(Failpoint failpoint) throws IOException;
}
