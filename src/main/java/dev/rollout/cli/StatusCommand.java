package dev.rollout.cli;

import dev.rollout.engine.RunRecord;
import dev.rollout.journal.HostLocks;
import dev.rollout.journal.JournalContents;
import dev.rollout.journal.RunStore;
import dev.rollout.journal.StoredRun;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
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

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    try (RunStore store = state.open(run.inventory)) {
      StoredRun r = run.find(store, true);
      if (output.json()) {
        Loading.damage(r).ifPresent(c -> out.println(Json.write(corrupt(r, c.contents()))));
      }
      long t0 = System.nanoTime();
      var events = Loading.events(r, spec.commandLine().getErr());
      RunRecord rec = RunRecord.fold(events);
      if (output.verbose) {
        spec.commandLine().getErr().printf("rollout: replayed %d events in %d ms%n", events.size(),
            (System.nanoTime() - t0) / 1_000_000);
      }
      Optional<HostLocks.Lock> driver = store.locks().held().stream()
          .filter(l -> l.runId().equals(r.runId()) && !l.stale()).findFirst();
      RunStatus status = RunStatus.of(rec, driver, r.tornTail());
      if (output.json()) {
        out.println(Json.write(status));
      } else {
        new RunStatusText(out, Colors.detect()).print(status);
      }
      out.flush();
      return 0;
    }
  }

  /** The document for a run whose journal is corrupt: what is wrong, by line. */
  private static Map<String, Object> corrupt(StoredRun r, JournalContents j) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("schemaVersion", 1);
    doc.put("runId", r.runId());
    doc.put("state", "corrupt");
    doc.put("journal", j.where());
    doc.put("problems", j.problems().stream().map(p -> Map.of(j.unit(), p.line(), "problem",
        p.what())).toList());
    return doc;
  }

}
