package dev.rollout.cli;

import dev.rollout.engine.Event;
import dev.rollout.engine.RunRecord;
import dev.rollout.journal.RunStore;
import dev.rollout.journal.StoredRun;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code rollout wait RUN}: blocks until the run ends or pauses; exits with its code. */
@Command(name = "wait", mixinStandardHelpOptions = true,
    header = "Wait for a run to end or pause; exit with the run's exit code.",
    description = "Follows a run from the state store, whoever drives it (a worker, apply, or "
        + "one after the other when a worker dies), printing its progress lines on stderr, "
        + "until it ends or pauses. Exits with the run's exit code: 0 completed, 1 rolled back, "
        + "3 needs attention (or paused on a failure), 5 paused at a gate, 130 interrupted with "
        + "no one to go on. Waiting changes nothing; a later job can wait again.",
    footerHeading = "%nExamples:%n",
    footer = {
        "  CI: queue the run, then wait for it:",
        "    RUN=$(rollout apply plans/docker-storage-driver.yml --yes --detach)",
        "    rollout wait \"$RUN\""})
final class WaitCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin RunArgs run;
  @Mixin StateOptions state;
  @Mixin OutputOptions output;

  @Override
  public Integer call() throws Exception {
    run.require("wait for");
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try (RunStore store = state.open(run.inventory)) {
      StoredRun r = run.find(store, false);
      GoOn next = GoOn.of(spec.commandLine().getParseResult()).run(r.runId());
      ProgressLines lines = new ProgressLines(err, java.time.Clock.systemUTC(), next);
      RunFollower.Stop stop = new RunFollower(store, r.runId(), Duration.ofSeconds(1))
          .follow(new RunFollower.Sink() {
            @Override
            public void events(List<Event> fresh, RunRecord record) {
              fresh.forEach(e -> lines.onEvent(e, null));
            }

            @Override
            public void storeAway(String why) {
              err.println("rollout: cannot read the state store (" + why + "); trying again");
              err.flush();
            }
          });
      if (output.json()) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("schemaVersion", 1);
        doc.put("kind", "summary");
        doc.put("runId", r.runId());
        doc.put("exitCode", stop.exitCode());
        doc.put("text", next.complete(stop.sentence()));
        out.println(Json.write(doc));
      } else {
        err.println(next.complete("rollout: run " + r.runId() + " " + stop.sentence()));
      }
      out.flush();
      err.flush();
      return stop.exitCode();
    }
  }
}
