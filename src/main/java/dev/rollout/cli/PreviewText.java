package dev.rollout.cli;

import dev.rollout.plan.Preview;
import dev.rollout.plan.Preview.ProbePreview;
import dev.rollout.plan.Preview.Stage;
import dev.rollout.plan.Preview.StageHost;
import dev.rollout.plan.Preview.StepPreview;
import dev.rollout.source.Visible;
import java.io.PrintWriter;
import java.util.Map;

/** The preview as text an operator reads on an 80-column terminal. */
final class PreviewText {

  private final PrintWriter out;
  private final Colors c;

  PreviewText(PrintWriter out, Colors c) {
    this.out = out;
    this.c = c;
  }

  void print(Preview p) {
    out.println(c.bold("Plan " + Visible.line(p.plan())));
    if (!p.description().isEmpty()) {
      words("  ", Visible.text(p.description()));
    }
    row("plan file", p.planFile());
    row("inventory", p.inventoryFile());
    row("targets", p.targets() + " host(s) in " + p.stages().size() + " stage(s)");
    Map<String, String> s = p.strategy();
    row("strategy", "canary " + s.get("canary") + ", waves " + s.get("waves") + ", maxParallel "
        + s.get("maxParallel"));
    row("", "maxFailures " + s.get("maxFailures") + ", onFailure " + s.get("onFailure")
        + " (scope " + s.get("rollbackScope") + ")");
    row("", "rehearseRollback " + s.get("rehearseRollback") + ", pauseAfterCanary "
        + s.get("pauseAfterCanary") + (s.get("spreadBy").isEmpty() ? ""
            : ", spreadBy " + s.get("spreadBy")));
    if (s.containsKey("analysis")) {
      row("analysis", Visible.line(s.get("analysis")));
    }
    Preview.Timing t = p.timing();
    row("timing", "soak " + t.soak() + ", waveSoak " + t.waveSoak() + ", watch " + t.watch());
    row("probes", "every " + t.probeInterval() + ", unhealthy after " + t.unhealthyAfter()
        + " consecutive failures");
    row("earliest", t.minimumDuration() + " after start (soaks and watch; steps not counted)");
    p.stages().forEach(this::stage);
    out.println();
    out.println(c.bold("Steps") + c.dim("  (exactly as they will run; secrets shown as ****)"));
    String phase = "";
    for (StepPreview st : p.steps()) {
      if (!st.phase().equals(phase)) {
        phase = st.phase();
        out.println("  " + c.bold(phase));
      }
      String name = st.name().equals(st.everyHost()) ? "" : " " + Visible.line(st.name());
      out.println("    " + st.number() + "." + name + c.dim(" (timeout " + st.timeout()
          + (st.onConsoleHost() ? ", on the console host" : "") + ")"));
      commands(st.everyHost(), st.perHost());
    }
    out.println();
    out.println(c.bold("Probes"));
    if (p.probes().isEmpty()) {
      out.println("  " + c.yellow("none: only steps and verify judge the change"));
    }
    for (ProbePreview pr : p.probes()) {
      out.println("  " + Visible.line(pr.name()) + c.dim(" (" + pr.kind() + ", expects "
          + Visible.line(pr.expect())
          + ", timeout " + pr.timeout() + ")"));
      commands(pr.everyHost(), pr.perHost());
    }
    out.println();
    out.println(c.dim("Saved hash: plan " + p.hash().plan().substring(0, 12) + ", inventory "
        + p.hash().inventory().substring(0, 12) + ", targets "
        + p.hash().targets().substring(0, 12)));
    out.flush();
  }

  private void stage(Stage st) {
    out.println();
    out.println(c.bold("Stage " + st.name()) + "  " + st.hosts().size() + " host(s), then soak "
        + st.soak());
    int width = st.hosts().stream().mapToInt(h -> h.name().length()).max().orElse(0);
    for (StageHost h : st.hosts()) {
      String via = h.via().isEmpty() ? "" : " via " + String.join(" > ", h.via());
      out.printf("  %-" + width + "s  %s%s%n", Visible.line(h.name()), Visible.line(h.address()),
          Visible.line(via));
      if (h.console() != null) {
        out.printf("  %-" + width + "s  %s%n", "", c.dim("console: " + Visible.line(h.console())));
        out.println("      " + c.dim("console commands run as: " + Visible.line(h.consoleRuns())));
      }
      if (h.canaryReason() != null) {
        out.printf("  %-" + width + "s  %s%n", "", c.dim("why: " + Visible.line(h.canaryReason())));
      }
    }
    String down = st.takesDown().isEmpty() ? "nothing declared (no serves)"
        : Visible.line(String.join(", ", st.takesDown()));
    wrapped("  " + c.yellow("takes down:"), down);
  }

  private void commands(String everyHost, Map<String, String> perHost) {
    if (everyHost != null) {
      out.println("      " + c.dim("all hosts: ") + Visible.text(everyHost));
      return;
    }
    perHost.forEach((host, cmd) -> out.println("      " + c.dim(Visible.line(host) + ": ")
        + Visible.text(cmd)));
  }

  /** Prints {@code text} after {@code label}, wrapped at commas to stay within 80 columns. */
  private void wrapped(String label, String text) {
    StringBuilder line = new StringBuilder(label);
    int width = 2 + "takes down:".length();
    int col = width;
    for (String part : text.split(", ")) {
      if (col + part.length() + 2 > 78 && col > width) {
        out.println(line.append(','));
        line = new StringBuilder(" ".repeat(width));
        col = width;
      } else if (col > width) {
        line.append(',');
        col++;
      }
      line.append(' ').append(part);
      col += part.length() + 1;
    }
    out.println(line);
  }

  /** Prints {@code text} word-wrapped within 80 columns, each line after {@code indent}. */
  private void words(String indent, String text) {
    StringBuilder line = new StringBuilder(indent);
    for (String word : text.split("\\s+")) {
      if (line.length() > indent.length() && line.length() + 1 + word.length() > 80) {
        out.println(line);
        line = new StringBuilder(indent);
      }
      line.append(line.length() > indent.length() ? " " : "").append(word);
    }
    out.println(line);
  }

  private void row(String key, String value) {
    out.printf("  %-10s %s%n", key, Visible.line(value));
  }
}
