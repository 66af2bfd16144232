package dev.rollout.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code rollout promote RUN}: passes the gate of a paused run and drives it on. */
@Command(name = "promote", mixinStandardHelpOptions = true,
    header = "Pass the gate of a run paused after its canary.",
    description = "Pass the gate of a run paused after its canary (--until canary or "
        + "pauseAfterCanary): probes are re-checked, then the waves go on.",
    footerHeading = "%nExamples:%n",
    footer = {
        "  Stop after the canary, look, then go on with the waves:",
        "    rollout apply plans/docker-storage-driver.yml --yes --until canary",
        "    rollout status",
        "    rollout promote 20261125-212147541-e89a"})
final class PromoteCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin RunArgs run;
  @Mixin StateOptions state;
  @Mixin OutputOptions output;
  @Mixin NotifyOption notify;

  @Override
  public Integer call() throws Exception {
    run.require("promote");
    return ContinueRun.run(run, state, output, notify.url, spec.commandLine().getOut(),
        spec.commandLine().getErr(), null, r -> {
          ContinueRun.notEnded(r);
          if (!r.paused()) {
            throw new RolloutException(ExitCode.INVALID_INPUT, "run " + r.runId() + " is not "
                + "paused (" + r.stage() + ")", "promote passes a gate; to go on after a "
                + "crash use: rollout resume " + r.runId());
          }
        }, (e, note) -> e.promote(ContinueRun.who()));
  }
}
