package dev.rollout.cli;

import dev.rollout.journal.RunStore;
import dev.rollout.source.Durations;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code rollout worker}: drives queued runs, and adopts runs whose driver died. */
@Command(name = "worker", mixinStandardHelpOptions = true,
    header = "Drive queued runs, and adopt runs whose driver died.",
    description = "A long-running process (systemd Type=simple) that claims runs queued with "
        + "`rollout apply --detach` and runs whose controller's lease ran out, drives them with "
        + "the same engine as apply, and renews its leases. Several workers on several machines "
        + "share one PostgreSQL state; a state directory serves workers of one machine only. "
        + "SIGTERM (or Ctrl-C) stops its runs the way Ctrl-C stops apply, puts them back in the "
        + "queue for another worker, and exits 0. Logs plain timestamped lines on stderr; with "
        + "--output json, its own lines and each run's JSON Lines (as apply --output json "
        + "prints them, with the run's id) go to stdout.",
    footerHeading = "%nExamples:%n",
    footer = {
        "  Two runs at a time from a shared database:",
        "    rollout worker --state postgresql://rollout@db.example.net:5432/rollout --max-runs 2"})
final class WorkerCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin StateOptions state;
  @Mixin OutputOptions output;

  @Option(names = {"-i", "--inventory"}, paramLabel = "FILE", defaultValue = "inventory.yml",
      description = "Without --state: the inventory whose .rollout/ holds the runs (default: "
      + "${DEFAULT-VALUE}).")
  Path inventory;

  @Option(names = "--max-runs", paramLabel = "N", defaultValue = "4",
      description = "How many runs this worker drives at once (default: ${DEFAULT-VALUE}).")
  int maxRuns;

  @Option(names = "--poll", paramLabel = "DURATION", defaultValue = "2s",
      description = "How often to look for a run to claim (default: ${DEFAULT-VALUE}).")
  String poll;

  @Override
  public Integer call() throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    if (maxRuns < 1 || maxRuns > 1000) {
      throw new RolloutException(ExitCode.INVALID_INPUT, "--max-runs must be between 1 and 1000: "
          + maxRuns, "for example: --max-runs 4");
    }
    Duration every = Durations.parse(poll).filter(d -> d.toMillis() >= 100 && d.toHours() < 1)
        .orElseThrow(() -> new RolloutException(ExitCode.INVALID_INPUT, "--poll is not a "
            + "duration between 100ms and 1h: " + poll, "for example: --poll 2s"));
    WorkerLog log = new WorkerLog(err, output.json() ? spec.commandLine().getOut() : null,
        Clock.systemUTC());
    Worker worker = new Worker(() -> state.open(inventory), log, maxRuns, every);
    Thread hook = new Thread(() -> {
      worker.drain("SIGTERM");
      ProcessExit.haltAfterMain(RunDriver.UNWIND.plusSeconds(5), 0);
    }, "rollout-worker-drain");
    Runtime.getRuntime().addShutdownHook(hook);
    try (RunStore store = worker.openStore()) {
      if (store == null) {
        return 0;
      }
      Optional<String> other = store.registerWorker();
      if (other.isPresent()) {
        throw new RolloutException(ExitCode.INVALID_INPUT, "the state directory " + store
            .describe() + " is served by a worker on another machine (" + other.get() + "); a "
            + "state directory's locks hold on one machine only", "to share runs between "
            + "machines, keep the state in PostgreSQL: --state postgresql://USER@HOST:PORT/DB "
            + "(or ROLLOUT_STATE)");
      }
      log.line("worker " + RunStore.self() + " started: state " + store.describe()
          + ", up to " + maxRuns + " run(s) at once, lease " + Durations.format(store
          .leaseLength()) + ", looking for runs every " + Durations.format(every));
      worker.loop(store);
      store.unregisterWorker();
      log.line("worker " + RunStore.self() + " stopped");
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // shutting down: the hook ends the process once this returns
      }
    }
    return 0;
  }
}
