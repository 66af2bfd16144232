package dev.rollout.cli;

import dev.rollout.engine.Outcome;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code rollout abort RUN}: rolls back every changed host, then ends the run. */
@Command(name = "abort", mixinStandardHelpOptions = true,
    header = "Roll back every changed host of a run, then end it.",
    description = "Roll back every changed host of a paused, failed or interrupted run, then "
        + "end it. Exit 1 when all were rolled back and are healthy, 3 when one needs attention.",
    footerHeading = "%nExamples:%n",
    footer = {
        "  Roll back a run paused at its gate:",
        "    rollout abort 20261125-212147541-e89a"})
final class AbortCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin RunArgs run;
  @Mixin StateOptions state;
  @Mixin OutputOptions output;
  @Mixin NotifyOption notify;

  @Override
  public Integer call() throws Exception {
    run.require("abort");
    return ContinueRun.run(run, state, output, notify.url, spec.commandLine().getOut(),
        spec.commandLine().getErr(), null, r -> {
          if (r.outcome().isPresent() && r.outcome().get() != Outcome.NEEDS_ATTENTION) {
            ContinueRun.notEnded(r);
          }
        }, (e, note) -> e.abort(ContinueRun.who()));
  }
}
