package dev.rollout.journal;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/** Where runs live: their journals, the files they started with, and the host locks. */
public interface RunStore extends AutoCloseable {

  /** Creates a run, keeping the plan and inventory exactly as they are now. */
  StoredRun create(String runId, String planFile, byte[] plan, String inventoryFile,
      byte[] inventory) throws IOException;

  /** The run with this id, if the store has it. */
  Optional<StoredRun> open(String runId) throws IOException;

  /** Every run id, newest first. */
  List<String> runIds() throws IOException;

  /** The host locks of this store. */
  HostLocks locks();

  /** Where the store is, for messages. */
  String describe();

  @Override
  void close();
}
