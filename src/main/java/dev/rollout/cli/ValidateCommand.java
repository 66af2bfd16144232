package dev.rollout.cli;

import dev.rollout.plan.PlanFiles;
import dev.rollout.plan.ResolvedPlan;
import dev.rollout.source.InvalidInputException;
import dev.rollout.source.Problem;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code rollout validate PLAN}: checks the plan and the inventory, reporting every problem. */
@Command(name = "validate", mixinStandardHelpOptions = true,
    header = "Check a plan and the inventory, reporting every problem at once.",
    description = "Check a plan and the inventory. Every problem is reported with file, line and "
        + "column. Exit 0 when valid, 2 otherwise.",
    footerHeading = "%nExamples:%n",
    footer = {
        "  Check the bundled plan against ./inventory.yml:",
        "    rollout validate plans/docker-storage-driver.yml",
        "  Against another inventory, as JSON for CI:",
        "    rollout validate plans/nginx-gzip.yml -i staging.yml --output json"})
final class ValidateCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin PlanInput input;
  @Mixin OutputOptions output;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      PlanFiles.Loaded loaded = input.load();
      print(out, loaded.plan());
      return ExitCode.OK.code();
    } catch (InvalidInputException e) {
      for (Problem p : e.problems()) {
        err.println(p.format());
      }
      throw new RolloutException(ExitCode.INVALID_INPUT, e.problems().size() + " problem(s) in "
          + input.plan + " and " + input.inventory, "nothing was run; fix the lines above and "
          + "validate again").with("valid", false).with("problems",
          ErrorDocument.problems(e.problems()));
    }
  }

  private void print(PrintWriter out, ResolvedPlan rp) {
    if (output.json()) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("schemaVersion", 1);
      doc.put("exitCode", ExitCode.OK.code());
      doc.put("valid", true);
      doc.put("problems", List.of());
      doc.put("plan", rp.plan().name());
      doc.put("targets", rp.targets().size());
      doc.put("stages", rp.waves().size());
      out.println(Json.write(doc));
    } else {
      out.printf("%s: valid: plan %s, %d target(s) in %d stage(s), inventory %s%n", input.plan,
          rp.plan().name(), rp.targets().size(), rp.waves().size(), input.inventory);
    }
    out.flush();
  }
}
