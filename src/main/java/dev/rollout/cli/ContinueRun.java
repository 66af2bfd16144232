package dev.rollout.cli;

import dev.rollout.engine.Engine;
import dev.rollout.engine.Outcome;
import dev.rollout.engine.RunRecord;
import dev.rollout.journal.RunStore;
import dev.rollout.journal.StoredRun;
import dev.rollout.plan.PlanFiles;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What resume, promote and abort share: find the run, check where it stands, drive it on. */
final class ContinueRun {

  /** The engine call that takes the run on. */
  @FunctionalInterface
  interface Action {
    Outcome apply(Engine engine, String note);
  }

  /** Checks that the run is in a state this command may act on; throws otherwise. */
  @FunctionalInterface
  interface Precondition {
    void check(RunRecord record);
  }

  private ContinueRun() {}

  static int run(RunArgs args, String sshConfig, StateOptions state, OutputOptions output,
      String notifyUrl, PrintWriter out, PrintWriter err, String forceUnlock, boolean force,
      GoOn goOn, Precondition pre, Action action)
      throws Exception {
    try (RunStore store = state.open(args.inventory)) {
      StoredRun run = args.find(store, false);
      RunRecord record = Loading.record(run, force, err);
      if (run.tornTail()) {
        err.println("rollout: the journal's last line was half-written (the controller died "
            + "mid-write); it was ignored");
      }
      pre.check(record);
      List<String> notes = new ArrayList<>();
      PlanFiles.Loaded loaded = RunArgs.loadAsStarted(run, notes, sshConfig);
      Loading.checkSecrets(loaded.plan());
      notes.forEach(n -> err.println("rollout: " + n));
      ForceUnlock.apply(store, forceUnlock, run, err);
      String note = String.join("; ", notes);
      Path base = Path.of(run.inventoryFile()).toAbsolutePath().getParent();
      return new RunDriver(out, err, output.json()).notifyTo(notifyUrl).goOn(goOn).drive(store,
          run, loaded,
          record, base == null ? Path.of(".") : base, e -> action.apply(e, note));
    }
  }

  static String who() {
    return System.getProperty("user.name") + "@" + ProcessHandle.current().pid();
  }

  static void notEnded(RunRecord r) {
    r.outcome().ifPresent(o -> {
      throw new RolloutException(ExitCode.INVALID_INPUT, "run " + r.runId() + " has ended ("
          + dev.rollout.engine.Wire.words(o) + "): " + r.summary(), "nothing to do");
    });
  }
}
