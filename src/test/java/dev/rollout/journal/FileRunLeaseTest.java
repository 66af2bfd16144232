package dev.rollout.journal;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** Run leases and fencing over a state directory. */
class FileRunLeaseTest extends RunLeaseFencingContract {

  @TempDir static Path dir;

  @Override
  RunStore store(String owner) {
    return new FileRunStore(dir.resolve("state"), owner);
  }
}
