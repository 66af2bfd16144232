package dev.rollout.cli;

import dev.rollout.plan.PlanFiles;
import dev.rollout.plan.ResolvedPlan;
import dev.rollout.source.InvalidInputException;
import dev.rollout.source.Problem;
import java.io.PrintWriter;
import java.util.List;

/** Loading a plan for a command that acts on it: problems printed, then exit 2. */
final class Loading {

  private Loading() {}

  static PlanFiles.Loaded load(PlanInput input, PrintWriter err) {
    try {
      return input.load();
    } catch (InvalidInputException e) {
      e.problems().stream().map(Problem::format).forEach(err::println);
      throw new RolloutException(ExitCode.INVALID_INPUT, e.problems().size()
          + " problem(s) in the plan or inventory; nothing was changed",
          "run: rollout validate " + input.plan);
    }
  }

  static void checkSecrets(ResolvedPlan rp) {
    List<String> missing = rp.missingSecrets();
    if (!missing.isEmpty()) {
      throw new RolloutException(ExitCode.INVALID_INPUT, "secret variable(s) not set in the "
          + "environment: " + String.join(", ", missing), "export them before applying; "
          + "nothing was changed");
    }
  }
}
