package dev.rollout.cli;

import dev.rollout.engine.Engine;
import dev.rollout.engine.Outcome;
import dev.rollout.engine.RunRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code rollout abort RUN}: rolls back every changed host, then ends the run. */
@Command(name = "abort", mixinStandardHelpOptions = true,
    header = "Roll back every changed host of a run, then end it.",
    description = "Roll back every changed host of a paused, failed or interrupted run, then "
        + "end it. Exit 1 when all were rolled back and are healthy, 3 when one needs attention.",
    footerHeading = "%nExamples:%n",
    footer = {
        "  Roll back a run paused at its gate:",
        "    rollout abort 20261125-212147541-e89a"})
final class AbortCommand extends ContinueCommand {

  @Option(names = "--force", description = "Act even on a corrupt journal (a damaged, edited or "
      + "impossible line): the lines that break the run's rules are left out, with a warning.")
  boolean force;

  @Override
  boolean force() {
    return force;
  }

  @Override
  void check(RunRecord r) {
    if (r.outcome().isPresent() && r.outcome().get() != Outcome.NEEDS_ATTENTION) {
      ContinueRun.notEnded(r);
    }
  }

  @Override
  Outcome act(Engine engine, String note) {
    return engine.abort(ContinueRun.who());
  }
}
