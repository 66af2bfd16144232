package dev.rollout.cli;

import picocli.CommandLine.Command;

/** The top command: {@code rollout <command>}. */
@Command(
    name = "rollout",
    mixinStandardHelpOptions = true,
    versionProvider = RolloutVersion.class,
    description = "Apply a configuration change to a fleet the safe way: a canary first, a soak "
        + "under health probes, then waves, and an automatic rollback when anything goes wrong.",
    subcommands = {ValidateCommand.class, PlanCommand.class, ApplyCommand.class,
        StatusCommand.class, ResumeCommand.class, PromoteCommand.class, AbortCommand.class,
        HistoryCommand.class, ReportCommand.class, CompletionCommand.class})
final class RolloutCommand implements Runnable {

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
