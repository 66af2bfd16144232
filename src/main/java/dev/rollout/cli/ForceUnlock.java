package dev.rollout.cli;

import dev.rollout.engine.Event;
import dev.rollout.journal.Failpoint;
import dev.rollout.journal.RunStore;
import dev.rollout.journal.StoredRun;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;

/** {@code --force-unlock RUN}: opens another run's locks, on the record of both runs. */
final class ForceUnlock {

  private ForceUnlock() {}

  static void apply(RunStore store, String victim, StoredRun mine, PrintWriter err)
      throws IOException {
    if (victim == null) {
      return;
    }
    List<String> hosts = store.locks().forceOpen(victim);
    String by = System.getProperty("user.name") + " (run " + mine.runId() + ")";
    Event.LocksForced e = new Event.LocksForced(Instant.now(), victim, hosts, by);
    mine.journal(Failpoint.OFF).append(e);
    if (!victim.equals(mine.runId())) {
      store.open(victim).ifPresent(v -> {
        try {
          v.journal(Failpoint.OFF).append(e);
        } catch (IOException ex) {
          err.println("rollout: could not record the forced unlock in run " + victim + ": " + ex);
        }
      });
    }
    err.println("rollout: " + e.describe());
  }
}
