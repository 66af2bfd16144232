package dev.rollout.cli;

import dev.rollout.engine.Phase;
import dev.rollout.engine.RunRecord;
import dev.rollout.journal.RunStore;
import dev.rollout.journal.StoredRun;
import dev.rollout.source.Visible;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code rollout history}: the runs, newest first. */
@Command(name = "history", mixinStandardHelpOptions = true,
    header = "List the runs, newest first.",
    description = "The runs, newest first, with plan, start, end and outcome.",
    footerHeading = "%nExamples:%n",
    footer = {
        "  The runs kept beside ./inventory.yml:",
        "    rollout history",
        "  The runs in a shared PostgreSQL store, as JSON:",
        "    rollout history --state postgresql://rollout@db:5432/rollout --output json"})
final class HistoryCommand implements Callable<Integer> {

  /** One run in the history. */
  record Entry(String runId, String plan, Instant startedAt, Instant lastEventAt, String state,
      String phase, String outcome) {}

  @Spec CommandSpec spec;
  @Mixin StateOptions state;
  @Mixin OutputOptions output;

  @Option(names = {"-i", "--inventory"}, paramLabel = "FILE", defaultValue = "inventory.yml",
      description = "The inventory whose .rollout/ holds the runs (default: ${DEFAULT-VALUE}).")
  java.nio.file.Path inventory;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    List<Entry> entries = new ArrayList<>();
    try (RunStore store = state.open(inventory)) {
      for (String id : store.runIds()) {
        StoredRun r = store.open(id).orElseThrow();
        var damage = Loading.damage(r);
        if (damage.isPresent()) {
          spec.commandLine().getErr().println("rollout: run " + id + ": " + damage.get()
              .getMessage());
          RunRecord part = RunRecord.fold(damage.get().contents().events());
          entries.add(new Entry(id, part.plan(), part.started().orElse(null),
              part.lastAt().orElse(null), "corrupt", "corrupt", null));
          continue;
        }
        RunRecord rec = RunRecord.fold(r.events());
        Phase phase = rec.phase();
        entries.add(new Entry(id, rec.plan(), rec.started().orElse(null),
            rec.lastAt().orElse(null), phase.terminal() ? "ended" : phase.paused() ? "paused"
                : "not ended", phase.words(), rec.outcome().map(o -> o.name().toLowerCase())
                .orElse(null)));
      }
    }
    if (output.json()) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("schemaVersion", 1);
      doc.put("runs", entries);
      out.println(Json.write(doc));
    } else if (entries.isEmpty()) {
      out.println("no runs yet");
    } else {
      out.printf("%-24s %-24s %-20s %s%n", "RUN", "PLAN", "STARTED", "OUTCOME");
      for (Entry e : entries) {
        out.printf("%-24s %-24s %-20s %s%n", e.runId(), Visible.line(e.plan()),
            e.startedAt() == null ? "" : e.startedAt().toString().substring(0, 19), shown(e));
      }
    }
    out.flush();
    return 0;
  }

  /** What the OUTCOME column says: the phase where the outcome alone would mislead. */
  private static String shown(Entry e) {
    if (e.phase().equals("ended before any change")) {
      return e.phase() + " (" + e.outcome() + ")";
    }
    if (e.outcome() != null) {
      return e.outcome();
    }
    return e.phase().startsWith("paused") ? e.phase() : e.state();
  }
}
