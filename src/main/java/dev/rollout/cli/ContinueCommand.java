package dev.rollout.cli;

import dev.rollout.engine.Engine;
import dev.rollout.engine.Outcome;
import dev.rollout.engine.RunRecord;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The shape of resume, promote and abort: a named run, where it is kept, the output and the
 * webhook; each says which runs it may act on and what it asks of the engine.
 */
abstract class ContinueCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin RunArgs run;
  @Mixin StateOptions state;
  @Mixin OutputOptions output;
  @Mixin NotifyOption notify;

  @picocli.CommandLine.Option(names = {"-F"}, paramLabel = "FILE", description = "The ssh_config"
      + " the run started with (it is kept with the run, so this is never needed); any other is"
      + " refused.")
  String sshConfig;

  /** Throws when the run is not in a state this command may act on. */
  abstract void check(RunRecord record);

  /** Takes the run on; {@code note} says what changed since it started, if anything. */
  abstract Outcome act(Engine engine, String note);

  /** Another run whose locks to remove first; none unless the command has the option. */
  String forceUnlock() {
    return null;
  }

  /** Whether to act on a corrupt journal ({@code --force}); never unless the command has it. */
  boolean force() {
    return false;
  }

  @Override
  public Integer call() throws Exception {
    run.require(spec.name());
    return ContinueRun.run(run, sshConfig, state, output, notify.url, spec.commandLine().getOut(),
        spec.commandLine().getErr(), forceUnlock(), force(),
        GoOn.of(spec.commandLine().getParseResult()), this::check, this::act);
  }
}
