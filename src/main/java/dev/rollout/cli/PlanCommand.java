package dev.rollout.cli;

import dev.rollout.plan.PlanFiles;
import dev.rollout.plan.Preview;
import dev.rollout.plan.Previewer;
import dev.rollout.source.InvalidInputException;
import dev.rollout.source.Problem;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code rollout plan PLAN}: the dry-run preview. Connects to nothing, changes nothing. */
@Command(name = "plan", mixinStandardHelpOptions = true,
    header = "Preview a rollout host by host, without changing anything.",
    description = "Preview a rollout: the canary and each wave host by host, every command as it "
        + "will run, the probes, the soak times and what each wave takes down. Changes nothing.",
    footerHeading = "%nExamples:%n",
    footer = {
        "  Preview the bundled plan against ./inventory.yml:",
        "    rollout plan plans/docker-storage-driver.yml",
        "  Also connect and run the preflight read-only:",
        "    rollout plan plans/docker-storage-driver.yml --check",
        "  Save the preview, and later apply exactly what was reviewed:",
        "    rollout plan plans/docker-storage-driver.yml --save preview.json",
        "    rollout apply plans/docker-storage-driver.yml --plan preview.json"})
final class PlanCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin PlanInput input;
  @Mixin OutputOptions output;

  @Option(names = "--save", paramLabel = "FILE",
      description = "Also write the preview with a hash of the plan, inventory and targets; "
          + "`rollout apply --plan FILE` refuses to start if any of them changed.")
  Path save;

  @Option(names = "--check", description = "Also connect to every target and run the preflight "
      + "read-only: preflight steps, rollback checks, console path, probes. Exit 6 if a target "
      + "would refuse the run.")
  boolean check;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PlanFiles.Loaded loaded;
    try {
      loaded = input.load();
    } catch (InvalidInputException e) {
      PrintWriter err = spec.commandLine().getErr();
      e.problems().stream().map(Problem::format).forEach(err::println);
      throw new RolloutException(ExitCode.INVALID_INPUT, e.problems().size()
          + " problem(s) in the plan or inventory", "run: rollout validate " + input.plan)
          .with("problems", ErrorDocument.problems(e.problems()));
    }
    Preview preview = new Previewer(loaded.plan()).preview(loaded.hash());
    if (save != null) {
      write(save, Json.write(preview));
    }
    if (output.json()) {
      return json(out, loaded, preview);
    } else {
      new PreviewText(out, Colors.detect()).print(preview);
      if (save != null) {
        out.println("Preview saved to " + save + "; apply it with: rollout apply " + input.plan
            + " --plan " + save);
      }
    }
    out.flush();
    if (check) {
      List<PreflightCheck.Result> results = PreflightCheck.run(loaded, baseDir(),
          spec.commandLine().getErr());
      PreflightCheck.print(results, out);
      return PreflightCheck.exitCode(results);
    }
    return ExitCode.OK.code();
  }

  /** One JSON document: the preview, and with --check the preflight results under "check". */
  private int json(PrintWriter out, PlanFiles.Loaded loaded, Preview preview) {
    if (!check) {
      out.println(Json.write(preview));
      out.flush();
      return ExitCode.OK.code();
    }
    List<PreflightCheck.Result> results = PreflightCheck.run(loaded, baseDir(),
        spec.commandLine().getErr());
    var doc = (com.fasterxml.jackson.databind.node.ObjectNode) Json.mapper().valueToTree(preview);
    doc.set("check", Json.mapper().valueToTree(results));
    out.println(Json.write(doc));
    out.flush();
    return PreflightCheck.exitCode(results);
  }

  private Path baseDir() {
    Path parent = input.inventory.toAbsolutePath().getParent();
    return parent == null ? Path.of(".") : parent;
  }

  private static void write(Path file, String text) {
    try {
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      Files.writeString(tmp, text + "\n");
      Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new RolloutException(ExitCode.INVALID_INPUT, "cannot write " + file + ": "
          + e.getMessage(), "check that the directory exists and is writable");
    }
  }
}
