package dev.rollout.cli;

import dev.rollout.journal.FileRunStore;
import dev.rollout.journal.RunStore;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --state}: where runs and locks are kept. Default: {@code ROLLOUT_STATE} from the
 * environment, else {@code .rollout/} beside the inventory.
 */
final class StateOptions {

  @Option(names = "--state", paramLabel = "DIR", description = "Where runs and locks are kept "
      + "(default: $ROLLOUT_STATE, else .rollout/ beside the inventory).")
  String state;

  RunStore open(Path inventory) {
    String where = state != null ? state : System.getenv("ROLLOUT_STATE");
    if (where == null || where.isBlank()) {
      Path parent = inventory.toAbsolutePath().getParent();
      return new FileRunStore((parent == null ? Path.of(".") : parent).resolve(".rollout"));
    }
    if (where.startsWith("postgresql:") || where.startsWith("postgres:")) {
      throw new RolloutException(ExitCode.INVALID_INPUT, "PostgreSQL state is not available in "
          + "this version", "use a directory for --state");
    }
    return new FileRunStore(Path.of(where));
  }
}
