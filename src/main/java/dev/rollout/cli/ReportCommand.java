package dev.rollout.cli;

import dev.rollout.journal.RunStore;
import dev.rollout.journal.StoredRun;
import dev.rollout.plan.PlanFiles;
import dev.rollout.plan.Previewer;
import dev.rollout.report.HtmlReport;
import dev.rollout.report.MarkdownReport;
import dev.rollout.report.ReportBuilder;
import dev.rollout.report.RunReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code rollout report RUN}: the run as a postmortem-style Markdown document, or JSON. */
@Command(name = "report", mixinStandardHelpOptions = true,
    header = "Write a run as a postmortem-style report, Markdown, HTML or JSON.",
    description = "Write a run as Markdown: the plan, the targets, a UTC timeline (first change, "
        + "soaks, first failed probe, failure declared, rollback), per host what ran with exit "
        + "codes and durations, the failing output, and probe health over time. --format html "
        + "writes one self-contained file (no network, no script) with a chart of the stages "
        + "and of each host's state and probe results over time. A run not ended yet gives a "
        + "snapshot. Without RUN, the latest run.",
    footerHeading = "%nExamples:%n",
    footer = {
        "  The latest run, to the terminal:",
        "    rollout report",
        "  One run, to a file:",
        "    rollout report 20261125-212147541-e89a --to report.md",
        "  As one HTML file, with health over time:",
        "    rollout report 20261125-212147541-e89a --format html --to report.html",
        "  As JSON:",
        "    rollout report 20261125-212147541-e89a --format json"})
final class ReportCommand implements Callable<Integer> {

  /** The report formats. */
  enum Format {
    MARKDOWN,
    HTML,
    JSON
  }

  @Spec CommandSpec spec;
  @Mixin RunArgs run;
  @Mixin StateOptions state;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "markdown",
      completionCandidates = Completions.ReportFormat.class,
      description = "markdown, html or json (default: ${DEFAULT-VALUE}).")
  Format format;

  @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", hidden = true,
      description = "Same as --format (json), for CI scripts that pass --output json everywhere.")
  OutputOptions.Format output;

  @Option(names = "--to", paramLabel = "FILE", description = "Write to this file, not stdout.")
  Path to;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    if (to != null && Files.isDirectory(to)) {
      throw new RolloutException(ExitCode.INVALID_INPUT, "--to " + to + " is a directory",
          "name the report's file, for example: --to " + to.resolve("report.md"));
    }
    try (RunStore store = state.open(run.inventory)) {
      StoredRun r = run.find(store, true);
      PlanFiles.Loaded loaded = RunArgs.loadAsStarted(r, new ArrayList<>());
      RunReport report = ReportBuilder.build(Loading.events(r, spec.commandLine().getErr()),
          loaded.plan().plan().description(),
          Previewer.settings(loaded.plan().plan()));
      boolean json = format == Format.JSON || output == OutputOptions.Format.JSON;
      String text = json ? Json.write(report) + "\n" : format == Format.HTML
          ? HtmlReport.render(report) : MarkdownReport.render(report);
      if (to != null) {
        Files.writeString(to, text);
        spec.commandLine().getErr().println("rollout: report of run " + r.runId() + " written "
            + "to " + to);
      } else {
        out.print(text);
      }
      out.flush();
      return 0;
    }
  }
}
