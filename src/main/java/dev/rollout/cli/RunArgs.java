package dev.rollout.cli;

import dev.rollout.engine.RunRecord;
import dev.rollout.inventory.InventoryLoader;
import dev.rollout.inventory.InventorySources;
import dev.rollout.journal.RunStore;
import dev.rollout.journal.StoredRun;
import dev.rollout.plan.PlanFiles;
import dev.rollout.source.InputFile;
import dev.rollout.source.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** A run named on the command line, and the store it is in. */
final class RunArgs {

  @Parameters(index = "0", arity = "0..1", paramLabel = "RUN",
      description = "The run id, as rollout history lists it.")
  String runId;

  @Option(names = {"-i", "--inventory"}, paramLabel = "FILE", defaultValue = "inventory.yml",
      description = "The inventory whose .rollout/ holds the runs (default: ${DEFAULT-VALUE}).")
  Path inventory;

  /** Commands that act on a run must be told which: never the latest by accident. */
  void require(String verb) {
    if (runId == null) {
      throw new RolloutException(ExitCode.INVALID_INPUT, "name the run to " + verb,
          "see: rollout history");
    }
  }

  /**
   * A run id as {@link dev.rollout.engine.RunId} makes them ({@code 20261125-204800123-3f2a}), or
   * as releases before milliseconds did ({@code 20261125-204800-3f2a}). Nothing else is looked
   * up, so {@code ..} or a path can never name a journal outside the runs.
   */
  static final String RUN_ID = "\\d{8}-\\d{6}(\\d{3})?-[0-9a-f]{4}";

  StoredRun find(RunStore store, boolean latestIfMissing) throws IOException {
    if (runId != null && !runId.matches(RUN_ID)) {
      throw new RolloutException(ExitCode.INVALID_INPUT, "\"" + runId.replaceAll("\\p{Cntrl}",
          "?") + "\" is not a run id (RUN looks like 20261125-204800123-3f2a)",
          "see: rollout history");
    }
    String id = runId;
    if (id == null) {
      List<String> ids = store.runIds();
      if (!latestIfMissing || ids.isEmpty()) {
        throw ids.isEmpty() ? new RolloutException(ExitCode.INVALID_INPUT, "no runs in "
            + store.describe(),
            StateOptions.POINT_ELSEWHERE).with("stateStore", store.describe())
            : new RolloutException(ExitCode.INVALID_INPUT, "name the run", "see: rollout history");
      }
      id = ids.get(0);
    }
    String wanted = id;
    return store.open(id).orElseThrow(() -> new RolloutException(ExitCode.INVALID_INPUT,
        "no run " + wanted + " in " + store.describe(), "see: rollout history (or, if the run "
        + "is kept elsewhere: " + StateOptions.POINT_ELSEWHERE + ")")
        .with("stateStore", store.describe()));
  }

  static RunRecord record(StoredRun run) throws IOException {
    return RunRecord.fold(run.events());
  }

  /** The plan and inventory as the run started with them, and a note when the files changed. */
  static PlanFiles.Loaded loadAsStarted(StoredRun run, List<String> notes) {
    return loadAsStarted(run, notes, null);
  }

  /**
   * As {@link #loadAsStarted(StoredRun, List)}; {@code sshConfig} is a {@code -F} given to this
   * command (null when none), refused unless it names what the run started with: a run's hosts
   * are resolved with the ssh_config it kept, never another.
   */
  static PlanFiles.Loaded loadAsStarted(StoredRun run, List<String> notes, String sshConfig) {
    InventorySources.SshConfigCopy ssh = InventorySources.unpack(run.inventory()).ssh();
    if (ssh != null) {
      refuseOtherSshConfig(run.runId(), ssh, sshConfig);
      ssh.files().changedOnDisk().forEach(f -> notes.add("ssh_config " + f + " changed since the"
          + " run started; going on with the run's own copy"));
    }
    try {
      noteChange(run.planFile(), run.plan(), notes);
      noteChange(run.inventoryFile(), run.inventory(), notes);
      return new PlanFiles(System::getenv).load(run.planFile(), run.plan(), run.inventoryFile(),
          run.inventory());
    } catch (InvalidInputException e) {
      throw new RolloutException(ExitCode.INVALID_INPUT, "the plan kept with run " + run.runId()
          + " no longer loads: " + e.problems().get(0).format(), "");
    }
  }

  private static void refuseOtherSshConfig(String runId, InventorySources.SshConfigCopy ssh,
      String given) {
    if (given == null) {
      return;
    }
    String wanted = InventoryLoader.absolute(given, ssh.files().home());
    if (!java.util.Objects.equals(wanted, ssh.choice())) {
      throw new RolloutException(ExitCode.INVALID_INPUT, "run " + runId + " started with "
          + ssh.describe() + ", not -F " + wanted + "; a run reaches its hosts as it started",
          "leave -F out (the run uses the ssh_config it kept), or start a new run with -F "
          + wanted);
    }
  }

  private static void noteChange(String file, byte[] kept, List<String> notes) {
    try {
      Path p = Path.of(file);
      if (Files.exists(p)
          && !Arrays.equals(InputFile.read(p), InventorySources.unpack(kept).file())) {
        notes.add(file + " changed since the run started; going on with the run's own copy");
      }
    } catch (IOException | java.nio.file.InvalidPathException e) {
      // nothing to compare with
    }
  }
}
