package dev.rollout.cli;

import dev.rollout.plan.PlanFiles;
import dev.rollout.source.InvalidInputException;
import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The plan file and the inventory, shared by the commands that read a plan. */
final class PlanInput {

  @Parameters(index = "0", paramLabel = "PLAN", description = "The plan file (YAML).")
  Path plan;

  @Option(names = {"-i", "--inventory"}, paramLabel = "FILE", defaultValue = "inventory.yml",
      description = "The inventory file (default: ${DEFAULT-VALUE}).")
  Path inventory;

  @Option(names = {"-F"}, paramLabel = "FILE", description = "The ssh_config file, or none, as"
      + " for ssh -F (default: the inventory's sshConfig, else ~/.ssh/config and"
      + " /etc/ssh/ssh_config). A run keeps the files it read: resume and promote use them.")
  String sshConfig;

  PlanFiles.Loaded load() throws InvalidInputException {
    return new PlanFiles(System::getenv, sshConfig).load(plan, inventory);
  }
}
