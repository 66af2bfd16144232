package dev.rollout.cli;

import dev.rollout.journal.FileRunStore;
import dev.rollout.journal.PostgresRunStore;
import dev.rollout.journal.PostgresUrl;
import dev.rollout.journal.RunStore;
import dev.rollout.journal.StoreUnavailable;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --state}: where runs and locks are kept. Default: {@code ROLLOUT_STATE} from the
 * environment, else {@code .rollout/} beside the inventory. A {@code postgresql://} URL keeps them
 * in PostgreSQL, shared by every controller that names the same database.
 */
final class StateOptions {

  @Option(names = "--state", paramLabel = "DIR|URL", description = "Where runs and locks are "
      + "kept: a directory, or postgresql://USER@HOST:PORT/DB (password from PGPASSWORD or "
      + "~/.pgpass, never in the URL) (default: $ROLLOUT_STATE, else .rollout/ beside the "
      + "inventory).")
  String state;

  RunStore open(Path inventory) {
    String where = state != null ? state : System.getenv("ROLLOUT_STATE");
    if (where == null || where.isBlank()) {
      Path parent = inventory.toAbsolutePath().getParent();
      return new FileRunStore((parent == null ? Path.of(".") : parent).resolve(".rollout"));
    }
    if (PostgresUrl.isPostgres(where)) {
      return postgres(where);
    }
    return new FileRunStore(Path.of(where));
  }

  private static RunStore postgres(String where) {
    try {
      return PostgresRunStore.open(PostgresUrl.parse(where, System::getenv), System::getenv);
    } catch (IllegalArgumentException e) {
      throw new RolloutException(ExitCode.INVALID_INPUT, e.getMessage() + " (--state or "
          + "ROLLOUT_STATE)", "write it as postgresql://USER@HOST:PORT/DB; put the password in "
          + "PGPASSWORD or ~/.pgpass, never in the URL");
    } catch (StoreUnavailable e) {
      throw unavailable(e);
    }
  }

  /** The store cannot be used: nothing was changed, and the same command can be run again. */
  static RolloutException unavailable(StoreUnavailable e) {
    return new RolloutException(ExitCode.NEEDS_ATTENTION, e.getMessage(), "check that the "
        + "database is up and reachable, and the password (PGPASSWORD or ~/.pgpass); then run "
        + "the same command again");
  }
}
