package dev.rollout.cli;

import dev.rollout.engine.RunId;
import dev.rollout.journal.RunStore;
import dev.rollout.journal.StoredRun;
import dev.rollout.plan.PlanFiles;
import dev.rollout.plan.Preview;
import dev.rollout.plan.Previewer;
import dev.rollout.source.Visible;
import java.io.Console;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code rollout apply PLAN}: runs the plan against the fleet. */
@Command(name = "apply", mixinStandardHelpOptions = true,
    header = "Run a plan: canary, soak, waves, and a rollback on failure.",
    description = "Run a plan: preflight, the canary and its soak, the waves, the watch, and an "
        + "automatic rollback when anything goes wrong. The run is journaled under the state "
        + "directory, so `rollout resume RUN` goes on if this process dies.",
    footerHeading = "%nExamples:%n",
    footer = {
        "  Show the preview, ask, then run the whole plan:",
        "    rollout apply plans/docker-storage-driver.yml",
        "  Without asking (CI), and stop after the canary's soak (exit 5):",
        "    rollout apply plans/docker-storage-driver.yml --yes --until canary",
        "  Only if the plan is still the one saved by rollout plan --save:",
        "    rollout apply plans/docker-storage-driver.yml --plan preview.json --yes"})
final class ApplyCommand implements Callable<Integer> {

  /** Where a run may stop before its end. */
  enum Until {
    CANARY
  }

  @Spec CommandSpec spec;
  @Mixin PlanInput input;
  @Mixin OutputOptions output;
  @Mixin NotifyOption notify;
  @Mixin StateOptions state;

  @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation.")
  boolean yes;

  @Option(names = "--plan", paramLabel = "FILE", description = "A preview saved by `rollout plan "
      + "--save FILE`: refuse to start if the plan, inventory or targets changed since.")
  Path savedPreview;

  @Option(names = "--until", paramLabel = "STAGE",
      completionCandidates = Completions.Until.class, description = "Stop after this stage and "
      + "wait for `rollout promote` (exit 5). Only: canary.")
  Until until;

  @Option(names = "--allow-unproven-rollback", description = "Go on when a target's way back "
      + "(console path, rollbackCheck steps) is not proven. Recorded in the journal per host.")
  boolean allowUnprovenRollback;

  @Option(names = "--force-unlock", paramLabel = "RUN", description = "Remove the host locks of "
      + "another run first (recorded in both journals). Only when you know it is dead.")
  String forceUnlock;

  @Option(names = "--detach", description = "Queue the run in the state store, print its id and "
      + "exit 0: a `rollout worker` drives it (follow it with `rollout wait RUN`). The host locks "
      + "are taken now, so a second run on the same hosts is refused (exit 4).")
  boolean detach;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (detach && (notify.url != null || forceUnlock != null)) {
      throw new RolloutException(ExitCode.INVALID_INPUT, (notify.url != null ? "--notify"
          : "--force-unlock") + " cannot be used with --detach", notify.url != null ? "put the "
          + "webhook in the plan's notify.webhook: the worker reads the plan kept with the run"
          : "force the locks open first without --detach, then queue the run");
    }
    PlanFiles.Loaded loaded = Loading.load(input, err);
    Loading.checkSecrets(loaded.plan());
    if (savedPreview != null) {
      SavedPreview.check(savedPreview, loaded.hash());
    }
    confirm(out, loaded);
    if (detach) {
      return queue(out, err, loaded);
    }
    try (RunStore store = state.open(input.inventory)) {
      String runId = RunId.next(Clock.systemUTC());
      if (forceUnlock == null) {
        Locking.take(store.locks(), runId, loaded.plan().targets().stream()
            .map(h -> h.name()).toList());
      }
      StoredRun run = store.create(runId, input.plan.toString(), loaded.planBytes(),
          input.inventory.toString(), loaded.inventoryBytes());
      ForceUnlock.apply(store, forceUnlock, run, err);
      err.println("rollout: run " + runId + " (journal in " + store.describe() + ")");
      return new RunDriver(out, err, output.json()).notifyTo(notify.url)
          .goOn(GoOn.of(spec.commandLine().getParseResult())).drive(store, run,
          loaded, null, baseDir(), e -> e.allowUnprovenRollback(allowUnprovenRollback)
              .start(until == Until.CANARY));
    }
  }

  /** {@code --detach}: locks taken, the run recorded as queued, its id printed. */
  private int queue(PrintWriter out, PrintWriter err, PlanFiles.Loaded loaded) throws Exception {
    try (RunStore store = state.open(input.inventory)) {
      String runId = RunId.next(Clock.systemUTC());
      Locking.take(store.locks(), runId, loaded.plan().targets().stream()
          .map(h -> h.name()).toList());
      StoredRun run = store.create(runId, input.plan.toString(), loaded.planBytes(),
          input.inventory.toString(), loaded.inventoryBytes());
      java.util.List<String> options = new java.util.ArrayList<>();
      if (until == Until.CANARY) {
        options.add("until=canary");
      }
      if (allowUnprovenRollback) {
        options.add("allowUnprovenRollback");
      }
      store.queue(run.runId(), String.join(",", options));
      if (output.json()) {
        out.println(Json.write(java.util.Map.of("schemaVersion", 1, "kind", "queued", "runId",
            runId, "state", store.describe())));
      } else {
        out.println(runId);
        err.println(GoOn.of(spec.commandLine().getParseResult()).complete("rollout: run "
            + runId + " queued in " + store.describe() + "; a worker drives it (rollout worker); "
            + "follow it with: rollout wait " + runId));
      }
      out.flush();
      return 0;
    }
  }

  private void confirm(PrintWriter out, PlanFiles.Loaded loaded) {
    if (yes) {
      return;
    }
    Console console = System.console();
    if (console == null) {
      throw new RolloutException(ExitCode.INVALID_INPUT, "refusing to apply without "
          + "confirmation: there is no terminal to ask on", "pass --yes to apply "
          + "non-interactively (for example in CI), after reviewing: rollout plan " + input.plan);
    }
    Preview preview = new Previewer(loaded.plan()).preview(loaded.hash());
    new PreviewText(out, Colors.detect()).print(preview);
    String answer = console.readLine("%nApply %s to %d host(s)? Type yes to go on: ",
        Visible.line(preview.plan()), preview.targets());
    confirmed(answer);
  }

  /**
   * Goes on only for {@code yes} (any case): {@code y}, an empty line or end of input are refused
   * with what to type, nothing changed (exit 2).
   */
  static void confirmed(String answer) {
    if (answer != null && answer.trim().equalsIgnoreCase("yes")) {
      return;
    }
    String said = answer == null ? "no answer (end of input)" : answer.isBlank() ? "an empty "
        + "answer" : "\"" + Visible.line(answer.trim()) + "\"";
    throw new RolloutException(ExitCode.INVALID_INPUT, "not confirmed: " + said + " is not yes; "
        + "nothing was changed", "type yes (the whole word) to go on, or pass --yes");
  }

  private Path baseDir() {
    Path parent = input.inventory.toAbsolutePath().getParent();
    return parent == null ? Path.of(".") : parent;
  }
}
