package dev.rollout.cli;

import dev.rollout.engine.Phase;
import dev.rollout.engine.Wire;
import dev.rollout.source.Durations;
import dev.rollout.source.Timestamps;
import dev.rollout.source.Visible;
import java.io.PrintWriter;
import java.time.Duration;

/** {@code rollout status} as text. */
final class RunStatusText {

  private final PrintWriter out;
  private final Colors c;
  private final GoOn next;

  RunStatusText(PrintWriter out, Colors c) {
    this(out, c, GoOn.NONE);
  }

  /** {@code next} completes the commands the status names with this command line's options. */
  RunStatusText(PrintWriter out, Colors c, GoOn next) {
    this.out = out;
    this.c = c;
    this.next = next;
  }

  void print(RunStatus s) {
    out.println(c.bold("Run " + s.runId()) + "  plan " + Visible.line(s.plan()));
    out.printf("  %-9s %s%n", "state", next.run(s.runId()).complete(state(s)));
    out.printf("  %-9s %s%n", "stage", s.stage() + (s.soakLeftSeconds() == null ? ""
        : ", soak left " + Durations.format(Duration.ofSeconds(s.soakLeftSeconds()))));
    out.printf("  %-9s %s%n", "started", Timestamps.text(s.startedAt()));
    out.printf("  %-9s %s%s%n", "last", Timestamps.text(s.lastEventAt()), "paused".equals(s.state())
        ? " (no process probes a paused run; this is when it was last checked)" : "");
    out.printf("  %-9s %d of %d allowed%n", "failures", s.failures(), s.allowedFailures());
    if (s.summary() != null && !s.summary().isEmpty()) {
      out.printf("  %-9s %s%n", "summary", Visible.line(s.summary()));
    }
    if (s.journalTornTail()) {
      out.println("  " + c.yellow("the journal's last line was half-written and is ignored"));
    }
    out.println(c.bold("Hosts"));
    int w = s.hosts().stream().mapToInt(h -> h.name().length()).max().orElse(4);
    for (RunStatus.HostStatus h : s.hosts()) {
      out.printf("  %-" + w + "s  %-15s %s%n", Visible.line(h.name()), Wire.words(h.state()),
          h.unhealthy()
          .isEmpty() ? c.dim(Visible.line(h.reason())) : c.red("unhealthy: "
          + Visible.line(String.join("; ", h.unhealthy().keySet()))));
      h.metrics().values().forEach(m -> out.printf("  %-" + w + "s  %s%n", "",
          c.dim(Visible.line(m))));
    }
    if (!s.analysis().isEmpty()) {
      out.println(c.bold("Analysis"));
      s.analysis().forEach(a -> out.println("  " + Visible.line(a.text())));
    }
    out.println(c.bold("Last events"));
    for (RunStatus.EventLine e : s.lastEvents()) {
      out.println("  " + c.dim(Timestamps.text(e.at())) + " "
          + Visible.line(e.text()));
    }
  }

  private String state(RunStatus s) {
    return switch (s.state()) {
      case "running" -> c.green("running") + " (driven by " + s.driver() + ")";
      case "paused" -> c.yellow(s.pause() == null ? Wire.words(s.phase())
          : Visible.line(s.pause()))
          + ": rollout promote " + s.runId() + " | rollout "
          + "abort " + s.runId();
      case "interrupted" -> c.red("interrupted") + (s.phase() == Phase.ABORTING ? " while "
          + "aborting" : s.phase() == Phase.PREFLIGHT ? " in preflight (nothing changed)" : "")
          + ": no controller drives it; go on with: rollout resume " + s.runId();
      default -> s.phase() == Phase.ENDED_BEFORE_ANY_CHANGE ? "ended before any change: "
          + Wire.words(s.outcome()) : "ended: " + Wire.words(s.outcome());
    };
  }
}
