package dev.rollout.cli;

import dev.rollout.engine.Engine;
import dev.rollout.engine.Fleet;
import dev.rollout.engine.MemoryJournal;
import dev.rollout.engine.Outcome;
import dev.rollout.engine.RunId;
import dev.rollout.engine.RunListener;
import dev.rollout.plan.PlanFiles;
import dev.rollout.plan.Preview;
import dev.rollout.plan.Previewer;
import dev.rollout.probe.Sleeper;
import dev.rollout.transport.ssh.SshTransport;
import java.io.Console;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code rollout apply PLAN}: runs the plan against the fleet. */
@Command(name = "apply", mixinStandardHelpOptions = true,
    description = "Run a plan: preflight, the canary and its soak, the waves, the watch, and an "
        + "automatic rollback when anything goes wrong.")
final class ApplyCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin PlanInput input;
  @Mixin OutputOptions output;

  @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation.")
  boolean yes;

  @Option(names = "--plan", paramLabel = "FILE", description = "A preview saved by `rollout plan "
      + "--save FILE`: refuse to start if the plan, inventory or targets changed since.")
  Path savedPreview;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    PlanFiles.Loaded loaded = Loading.load(input, err);
    Loading.checkSecrets(loaded.plan());
    if (savedPreview != null) {
      SavedPreview.check(savedPreview, loaded.hash());
    }
    confirm(out, loaded);
    Clock clock = Clock.systemUTC();
    String runId = RunId.next(clock);
    Colors colors = Colors.detect();
    boolean live = System.console() != null && !output.json();
    ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(4, daemon());
    try (LiveView view = live ? new LiveView(out, colors, clock) : null;
        Fleet fleet = new Fleet(new SshTransport(), loaded.plan(), baseDir())) {
      RunListener listener = live ? view : new ProgressLines(err);
      MemoryJournal journal = new MemoryJournal();
      Engine engine = new Engine(runId, loaded.plan(), fleet, journal,
          List.of(listener), new Engine.Settings(clock, Sleeper.SYSTEM, scheduler,
              Duration.ofSeconds(2)));
      Outcome outcome = engine.run();
      new RunSummary(out, colors).print(runId, outcome, engine.state(), journal.events());
      return ExitCode.of(outcome).code();
    } finally {
      scheduler.shutdownNow();
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
        preview.plan(), preview.targets());
    if (answer == null || !answer.trim().equalsIgnoreCase("yes")) {
      throw new RolloutException(ExitCode.INVALID_INPUT, "not confirmed; nothing was changed", "");
    }
  }

  private Path baseDir() {
    Path parent = input.inventory.toAbsolutePath().getParent();
    return parent == null ? Path.of(".") : parent;
  }

  private static java.util.concurrent.ThreadFactory daemon() {
    return r -> {
      Thread t = new Thread(r, "rollout-probe");
      t.setDaemon(true);
      return t;
    };
  }
}
