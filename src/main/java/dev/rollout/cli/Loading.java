package dev.rollout.cli;

import dev.rollout.engine.Event;
import dev.rollout.engine.RunRecord;
import dev.rollout.journal.JournalContents;
import dev.rollout.journal.JournalCorrupt;
import dev.rollout.journal.StoredRun;
import dev.rollout.plan.PlanFiles;
import dev.rollout.plan.ResolvedPlan;
import dev.rollout.source.InvalidInputException;
import dev.rollout.source.Problem;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;

/**
 * Loading what a command acts on: a plan (problems printed, then exit 2) or a run's journal
 * (verified: a corrupt one is exit 3 with each problem, unless forced).
 */
final class Loading {

  private static final int MAX_PROBLEMS_SHOWN = 20;

  private Loading() {}

  static PlanFiles.Loaded load(PlanInput input, PrintWriter err) {
    try {
      return input.load();
    } catch (InvalidInputException e) {
      e.problems().stream().map(Problem::format).forEach(err::println);
      throw new RolloutException(ExitCode.INVALID_INPUT, e.problems().size()
          + " problem(s) in the plan or inventory; nothing was changed",
          "run: rollout validate " + input.plan).with("problems",
          ErrorDocument.problems(e.problems()));
    }
  }

  static void checkSecrets(ResolvedPlan rp) {
    List<String> missing = rp.missingSecrets();
    if (!missing.isEmpty()) {
      throw new RolloutException(ExitCode.INVALID_INPUT, "secret variable(s) not set in the "
          + "environment: " + String.join(", ", missing), "export them before applying; "
          + "nothing was changed");
    }
  }

  /** The run's events, verified; a corrupt journal is exit 3, each problem on {@code err}. */
  static List<Event> events(StoredRun run, PrintWriter err) throws IOException {
    try {
      List<Event> events = run.events();
      noteUnchained(run, err);
      return events;
    } catch (JournalCorrupt c) {
      printProblems(c.contents(), err);
      throw corrupt(run, c);
    }
  }

  /**
   * The run folded from its verified journal, for a command that acts on it. A corrupt journal
   * is exit 3; with {@code force}, a warning and the run as the events that keep to its rules
   * have it.
   */
  static RunRecord record(StoredRun run, boolean force, PrintWriter err) throws IOException {
    try {
      RunRecord r = RunRecord.fold(run.events());
      noteUnchained(run, err);
      return r;
    } catch (JournalCorrupt c) {
      JournalContents j = c.contents();
      printProblems(j, err);
      if (!force) {
        throw corrupt(run, c);
      }
      RunRecord kept = RunRecord.fold(j.events());
      if (kept.started().isEmpty()) {
        throw new RolloutException(ExitCode.NEEDS_ATTENTION, c.getMessage() + "; even with "
            + "--force nothing can act on it: no readable RunStarted says which hosts the run "
            + "has", "check the run's hosts by hand");
      }
      err.println("rollout: warning: --force: acting on run " + run.runId() + " although its "
          + "journal is corrupt. The " + j.unit() + "s above that break the run's rules are "
          + "left out; every other " + j.unit() + " is taken as true, though the journal may "
          + "have been edited. Check every host of the run by hand afterwards.");
      err.flush();
      return kept;
    }
  }

  /** Why the run's journal is corrupt, or empty when it is not: for listing runs. */
  static Optional<JournalCorrupt> damage(StoredRun run) throws IOException {
    try {
      run.events();
      return Optional.empty();
    } catch (JournalCorrupt c) {
      return Optional.of(c);
    }
  }

  /** A journal from before the chain is read as it was, with a note on what is not proven. */
  private static void noteUnchained(StoredRun run, PrintWriter err) throws IOException {
    int n = run.unchainedLines();
    if (n > 0) {
      err.println("rollout: note: the first " + n + " line(s) of run " + run.runId() + "'s "
          + "journal were written before journals were chained: they are checked against the "
          + "run's rules, but a line removed or moved among them would not be found");
    }
  }

  /** The first problems, one line each: a journal damaged at its start breaks every line. */
  private static void printProblems(JournalContents j, PrintWriter err) {
    int shown = Math.min(j.problems().size(), MAX_PROBLEMS_SHOWN);
    j.problems().subList(0, shown).forEach(p -> err.println("rollout: " + j.where() + ": "
        + j.describe(p)));
    if (j.problems().size() > shown) {
      err.println("rollout: " + j.where() + ": and " + (j.problems().size() - shown) + " more "
          + "problem(s); --output json lists them all");
    }
  }

  private static RolloutException corrupt(StoredRun run, JournalCorrupt c) {
    JournalContents j = c.contents();
    return new RolloutException(ExitCode.NEEDS_ATTENTION, c.getMessage(), "nothing was done; "
        + "after checking the run's hosts, rollout resume " + run.runId() + " --force (or "
        + "rollout abort " + run.runId() + " --force) acts on the events that keep to the run's "
        + "rules").with("runId", run.runId()).with("state", "corrupt").with("journal", j.where())
        .with("problems", j.problems().stream().map(p -> java.util.Map.of(j.unit(), p.line(),
            "problem", p.what())).toList());
  }
}
