package dev.rollout.cli;

import picocli.CommandLine.Command;

/** The top command: {@code rollout <command>}. */
@Command(
    name = "rollout",
    mixinStandardHelpOptions = true,
    versionProvider = RolloutVersion.class,
    header = "Roll a configuration change out to a fleet: canary, soak, waves, rollback.",
    description = "Apply a configuration change to a fleet the safe way: a canary first, a soak "
        + "under health probes, then waves, and an automatic rollback when anything goes wrong.",
    footerHeading = "%nExamples:%n",
    footer = {
        "  See what Rollout does, on an embedded fleet (under a minute):",
        "    rollout demo",
        "  Check and preview a plan, then run it and stop after the canary's soak:",
        "    rollout validate plans/docker-storage-driver.yml",
        "    rollout plan plans/docker-storage-driver.yml",
        "    rollout apply plans/docker-storage-driver.yml --yes --until canary",
        "  See where the run stands, then go on with the waves:",
        "    rollout status",
        "    rollout promote 20261125-212147541-e89a",
        "  TAB completion in bash or zsh:",
        "    source <(rollout completion)",
        "",
        "Run 'rollout COMMAND --help' for a command's options and examples."},
    subcommands = {DemoCommand.class, ValidateCommand.class, PlanCommand.class,
        ApplyCommand.class,
        StatusCommand.class, ResumeCommand.class, PromoteCommand.class, AbortCommand.class,
        HistoryCommand.class, ReportCommand.class, WorkerCommand.class, WaitCommand.class,
        CompletionCommand.class})
final class RolloutCommand implements Runnable {

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
