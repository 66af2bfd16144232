package dev.rollout.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rollout.plan.PlanHash;
import dev.rollout.source.InputFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Checks a preview saved by {@code plan --save} against what {@code apply} is about to run. */
final class SavedPreview {

  private SavedPreview() {}

  static void check(Path file, PlanHash now) {
    PlanHash saved;
    try {
      JsonNode hash = Json.mapper().readTree(InputFile.read(file)).path("hash");
      saved = new PlanHash(hash.path("plan").asText(), hash.path("inventory").asText(),
          hash.path("targets").asText());
    } catch (InputFile.Refused e) {
      throw new RolloutException(ExitCode.INVALID_INPUT, "the saved preview " + file + " "
          + e.getMessage() + " (--plan)", "name the file written by: rollout plan PLAN --save FILE");
    } catch (IOException e) {
      throw new RolloutException(ExitCode.INVALID_INPUT, "cannot read the saved preview " + file
          + ": " + e.getMessage(), "save one with: rollout plan PLAN --save " + file);
    }
    List<String> diff = now.differences(saved);
    if (!diff.isEmpty()) {
      throw new RolloutException(ExitCode.INVALID_INPUT, "the saved preview " + file
          + " no longer matches: " + String.join(", ", diff) + "; nothing was changed",
          "review the change again: rollout plan PLAN --save " + file);
    }
  }
}
