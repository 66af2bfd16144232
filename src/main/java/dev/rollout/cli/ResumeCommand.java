package dev.rollout.cli;

import dev.rollout.engine.Engine;
import dev.rollout.engine.Outcome;
import dev.rollout.engine.RunRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code rollout resume RUN}: goes on after the controller died or was stopped. */
@Command(name = "resume", mixinStandardHelpOptions = true,
    header = "Go on with a run after its controller died or was stopped.",
    description = "Go on with a run whose controller died (kill -9, reboot) or was interrupted "
        + "(Ctrl-C, SIGTERM), from its journal and with the plan and inventory it started with. "
        + "A recorded abort is finished, never undone. A paused run is refused (exit 5): "
        + "promote or abort it.",
    footerHeading = "%nExamples:%n",
    footer = {
        "  After kill -9, a reboot or Ctrl-C:",
        "    rollout resume 20261125-212147541-e89a"})
final class ResumeCommand extends ContinueCommand {

  @Option(names = "--force-unlock", paramLabel = "RUN", description = "Remove the host locks of "
      + "another run first (recorded in both journals).")
  String forceUnlock;

  @Option(names = "--force", description = "Act even on a corrupt journal (a damaged, edited or "
      + "impossible line): the lines that break the run's rules are left out, with a warning.")
  boolean force;

  @Override
  boolean force() {
    return force;
  }

  @Override
  String forceUnlock() {
    return forceUnlock;
  }

  @Override
  void check(RunRecord r) {
    ContinueRun.notEnded(r);
    if (r.paused()) {
      throw new RolloutException(ExitCode.PAUSED, "run " + r.runId() + " is "
          + r.pauseWords() + "; resume does not pass a pause", "go on with: rollout promote "
          + r.runId() + ", or roll back with: rollout abort " + r.runId());
    }
  }

  @Override
  Outcome act(Engine engine, String note) {
    return engine.resume(ContinueRun.who(), note);
  }
}
