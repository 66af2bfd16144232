package dev.rollout.cli;

import dev.rollout.engine.Engine;
import dev.rollout.engine.Outcome;
import dev.rollout.engine.RunRecord;
import picocli.CommandLine.Command;

/** {@code rollout promote RUN}: passes the gate of a paused run and drives it on. */
@Command(name = "promote", mixinStandardHelpOptions = true,
    header = "Pass a run's pause: the gate after the canary, or a failure.",
    description = "Pass the gate of a run paused after its canary (--until canary or "
        + "pauseAfterCanary), or the pause of a run that stopped on a failure (onFailure: pause: "
        + "the failed hosts are rolled back, the failures still count): probes are re-checked, "
        + "then the waves go on. A run whose abort was recorded is not promoted: its abort is "
        + "finished.",
    footerHeading = "%nExamples:%n",
    footer = {
        "  Stop after the canary, look, then go on with the waves:",
        "    rollout apply plans/docker-storage-driver.yml --yes --until canary",
        "    rollout status",
        "    rollout promote 20261125-212147541-e89a"})
final class PromoteCommand extends ContinueCommand {

  @Override
  void check(RunRecord r) {
    ContinueRun.notEnded(r);
    if (!r.paused() && !r.abortRequested()) {
      throw new RolloutException(ExitCode.INVALID_INPUT, "run " + r.runId() + " is not "
          + "paused (" + r.stage() + ")", "promote passes a gate; to go on after a "
          + "crash use: rollout resume " + r.runId());
    }
  }

  @Override
  Outcome act(Engine engine, String note) {
    return engine.promote(ContinueRun.who());
  }
}
