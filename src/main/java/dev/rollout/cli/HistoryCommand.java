package dev.rollout.cli;

import dev.rollout.engine.Phase;
import dev.rollout.engine.RunRecord;
import dev.rollout.engine.Wire;
import dev.rollout.source.Timestamps;
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

  /** What {@code --output json} prints: where the runs were looked for, and the runs. */
  record Document(int schemaVersion, String stateStore, List<Entry> runs) {}

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
    String where;
    try (RunStore store = state.open(inventory)) {
      where = state.where(store, inventory);
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
                : "not ended", Wire.name(phase), rec.outcome().map(Wire::name).orElse(null)));
      }
    }
    if (output.json()) {
      out.println(Json.write(new Document(1, where, entries)));
    } else if (entries.isEmpty()) {
      out.println("no runs yet in " + where);
      out.println("  hint: " + StateOptions.POINT_ELSEWHERE);
    } else {
      out.printf("%-24s %-24s %-20s %s%n", "RUN", "PLAN", "STARTED", "OUTCOME");
      for (Entry e : entries) {
        out.printf("%-24s %-24s %-20s %s%n", e.runId(), Visible.line(e.plan()),
            Timestamps.text(e.startedAt()), shown(e));
      }
    }
    out.flush();
    return 0;
  }

  /** What the OUTCOME column says: the phase where the outcome alone would mislead. */
  private static String shown(Entry e) {
    String phase = e.phase().replace('_', ' ');
    String outcome = e.outcome() == null ? null : e.outcome().replace('_', ' ');
    if (e.phase().equals(Wire.name(Phase.ENDED_BEFORE_ANY_CHANGE))) {
      return phase + " (" + outcome + ")";
    }
    if (outcome != null) {
      return outcome;
    }
    return phase.startsWith("paused") ? phase : e.state();
  }
}
