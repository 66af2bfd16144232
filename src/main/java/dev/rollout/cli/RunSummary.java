package dev.rollout.cli;

import dev.rollout.engine.Event;
import dev.rollout.engine.HostState;
import dev.rollout.engine.Outcome;
import dev.rollout.engine.RunState;
import dev.rollout.source.Durations;
import dev.rollout.source.Visible;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;

/** The end of a run in a few lines: outcome, what changed, what failed and why, rollback, time. */
final class RunSummary {

  private final PrintWriter out;
  private final Colors c;
  private final GoOn next;

  RunSummary(PrintWriter out, Colors c, GoOn next) {
    this.out = out;
    this.c = c;
    this.next = next;
  }

  void print(String runId, Outcome outcome, RunState state, List<Event> events) {
    out.println();
    String pause = state.read(r -> r.stopPauses() ? r.pauseWords() : "");
    out.println(c.bold("Run " + runId + ": " + next.complete(pause.isEmpty()
        ? headline(outcome, runId) : c.red(Visible.line(pause) + "; hosts left as they are: "
        + "rollout promote " + runId + " goes on, rollout abort " + runId + " rolls back"))));
    Duration took = events.isEmpty() ? Duration.ZERO
        : Duration.between(events.get(0).at(), events.get(events.size() - 1).at());
    out.printf("  %-11s %s%n", "took", Durations.format(Duration.ofSeconds(took.toSeconds())));
    line("changed", state.in(HostState.CHANGED));
    line("rolled back", state.in(HostState.ROLLED_BACK));
    line("ATTENTION", state.in(HostState.ROLLBACK_FAILED, HostState.FAILED,
        HostState.UNREACHABLE));
    line("untouched", state.in(HostState.PENDING));
    for (Event e : events) {
      if (e instanceof Event.HostFailed f) {
        out.println("  " + c.red("failed") + "      " + f.host() + ": " + Visible.line(f.reason()));
        lastOutput(events, f.host());
      } else if (e instanceof Event.PreflightChecked p && !p.passed()) {
        out.println("  " + c.red("refused") + "     " + p.host() + ": " + Visible.line(p.reason()));
      } else if (e instanceof Event.HostStateChanged s && s.to() == HostState.ROLLBACK_FAILED) {
        out.println("  " + c.red("rollback") + "    " + s.host() + ": " + Visible.line(s.reason()));
      } else if (e instanceof Event.RunEnded r) {
        out.println("  " + next.complete(Visible.line(r.summary())));
      }
    }
    out.flush();
  }

  /** The output of the host's last failed step, indented, a few lines at most. */
  private void lastOutput(List<Event> events, String host) {
    Event.StepFinished last = null;
    for (Event e : events) {
      if (e instanceof Event.StepFinished s && s.host().equals(host) && !s.succeeded()) {
        last = s;
      }
    }
    if (last == null) {
      return;
    }
    String text = (last.stderr() + "\n" + last.stdout()).strip();
    List<String> lines = text.lines().toList();
    for (String l : lines.subList(Math.max(0, lines.size() - 8), lines.size())) {
      out.println("            " + c.dim("| " + Visible.line(l)));
    }
  }

  private void line(String label, List<String> hosts) {
    if (!hosts.isEmpty()) {
      out.printf("  %-11s %s%n", label, String.join(", ", hosts));
    }
  }

  private String headline(Outcome o, String runId) {
    return switch (o) {
      case COMPLETED -> c.green("completed, every host healthy");
      case ROLLED_BACK -> c.yellow("the change failed and was rolled back; every host healthy");
      case NEEDS_ATTENTION -> c.red("NEEDS ATTENTION");
      case PAUSED -> c.yellow("paused, waiting for promote");
      case PAUSED_ON_FAILURE -> c.red("PAUSED ON FAILURE, hosts left as they are: rollout "
          + "promote " + runId + " goes on, rollout abort " + runId + " rolls back");
      case PREFLIGHT_REFUSED -> c.red("preflight refused the run; nothing was changed");
      case INTERRUPTED -> c.yellow("interrupted");
      case JOURNAL_LOST -> c.red("STOPPED: the journal could not be written; nothing more was "
          + "started. Resume once the state store is back: rollout resume " + runId);
    };
  }
}
