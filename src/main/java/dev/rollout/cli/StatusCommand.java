package dev.rollout.cli;

import dev.rollout.engine.RunRecord;
import dev.rollout.journal.HostLocks;
import dev.rollout.journal.RunStore;
import dev.rollout.journal.StoredRun;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code rollout status [RUN]}: where a run stands, from its journal. */
@Command(name = "status", mixinStandardHelpOptions = true,
    header = "Show where a run stands, from its journal.",
    description = "Where a run stands: its stage, each host's state, soak time left, probe "
        + "health and the last events. Without RUN, the latest run.",
    footerHeading = "%nExamples:%n",
    footer = {
        "  The latest run:",
        "    rollout status",
        "  One run, as JSON:",
        "    rollout status 20261125-212147541-e89a --output json"})
final class StatusCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin RunArgs run;
  @Mixin StateOptions state;
  @Mixin OutputOptions output;

  @picocli.CommandLine.Option(names = "--watch", description = "Follow the run live until it "
      + "ends or pauses, from any machine that shares its state: the status redrawn on a "
      + "terminal, else (and with --output json) one line per event.")
  boolean watch;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    try (RunStore store = state.open(run.inventory)) {
      StoredRun r = run.find(store, true);
      if (watch) {
        return watch(store, r.runId(), out);
      }
      return print(store, r, out);
    }
  }

  /** Follows the run: redraws on a terminal, else a line per event; exit 0 once it stands. */
  private int watch(RunStore store, String runId, PrintWriter out) throws Exception {
    boolean live = System.console() != null && !output.json();
    JsonLines json = output.json() ? new JsonLines(out) : null;
    ProgressLines lines = new ProgressLines(out, java.time.Clock.systemUTC(),
        GoOn.of(spec.commandLine().getParseResult()).run(runId));
    RunFollower.Stop stop = new RunFollower(store, runId, java.time.Duration.ofSeconds(1))
        .follow(new RunFollower.Sink() {
          @Override
          public void events(java.util.List<dev.rollout.engine.Event> fresh, RunRecord rec) {
            if (live) {
              out.print("\u001b[H\u001b[2J");
              try {
                print(store, store.open(runId).orElseThrow(), out);
              } catch (Exception e) {
                out.println("rollout: cannot read the run: " + e.getMessage());
              }
            } else {
              fresh.forEach(e -> {
                if (json != null) {
                  json.onEvent(e, null);
                } else {
                  lines.onEvent(e, null);
                }
              });
            }
            out.flush();
          }

          @Override
          public void storeAway(String why) {
            spec.commandLine().getErr().println("rollout: cannot read the state store (" + why
                + "); trying again");
          }
        });
    spec.commandLine().getErr().println(GoOn.of(spec.commandLine().getParseResult()).run(runId)
        .complete("rollout: run " + runId + " " + stop.sentence()));
    return 0;
  }

  private int print(RunStore store, StoredRun r, PrintWriter out) throws Exception {
    long t0 = System.nanoTime();
    var cpu = java.lang.management.ManagementFactory.getThreadMXBean();
    long c0 = cpu.getCurrentThreadCpuTime();
    var events = Loading.events(r, spec.commandLine().getErr());
    RunRecord rec = RunRecord.fold(events);
    if (output.verbose) {
      // the CPU time of this thread too: on a machine shared with other work, wall time is not
      // the replay's own
      spec.commandLine().getErr().printf("rollout: replayed %d events in %d ms (cpu %d ms)%n",
          events.size(), (System.nanoTime() - t0) / 1_000_000,
          (cpu.getCurrentThreadCpuTime() - c0) / 1_000_000);
    }
    Optional<HostLocks.Lock> driver = store.locks().held().stream()
        .filter(l -> l.runId().equals(r.runId()) && !l.stale()).findFirst();
    RunStatus status = RunStatus.of(rec, driver, r.tornTail());
    if (output.json()) {
      out.println(Json.write(status));
    } else {
      new RunStatusText(out, Colors.detect(), GoOn.of(spec.commandLine().getParseResult()))
          .print(status);
    }
    out.flush();
    return 0;
  }
}
