package dev.rollout.cli;

import dev.rollout.journal.FileRunStore;
import dev.rollout.journal.PostgresRunStore;
import dev.rollout.journal.PostgresUrl;
import dev.rollout.journal.RunStore;
import dev.rollout.journal.StoreUnavailable;
import dev.rollout.source.InputFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
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

  /** How to look at another state store: the hint wherever no run was found. */
  static final String POINT_ELSEWHERE = "runs are kept in .rollout/ beside the inventory; point "
      + "at another with -i FILE (its .rollout/), or at a shared store with --state DIR|URL (or "
      + "ROLLOUT_STATE)";

  /**
   * Where {@code store} is and what chose it, for an operator who finds no run there: {@code
   * /srv/.rollout (the state directory beside the inventory inventory.yml)}, {@code ... (from
   * --state)}, {@code ... (from ROLLOUT_STATE)}.
   */
  String where(RunStore store, Path inventory) {
    String env = System.getenv("ROLLOUT_STATE");
    String chosen = state != null ? "from --state" : env != null && !env.isBlank()
        ? "from ROLLOUT_STATE" : "the state directory beside the inventory " + inventory;
    return store.describe() + " (" + chosen + ")";
  }

  /**
   * The store, checked before anything is written: a URL other than {@code postgresql://} (such
   * as {@code jdbc:postgresql://} or {@code http://}) and a path that is not a directory, or is a
   * symbolic link, are exit 2.
   */
  RunStore open(Path inventory) {
    String where = state != null ? state : System.getenv("ROLLOUT_STATE");
    String option = state != null ? "--state" : "ROLLOUT_STATE";
    if (where == null || where.isBlank()) {
      Path parent = inventory.toAbsolutePath().getParent();
      return files((parent == null ? Path.of(".") : parent).resolve(".rollout"), "the state "
          + "directory beside the inventory");
    }
    if (PostgresUrl.isPostgres(where)) {
      return postgres(where);
    }
    if (where.contains("://") || where.matches("(?s)[A-Za-z][A-Za-z0-9+.-]*:.*")) {
      throw new RolloutException(ExitCode.INVALID_INPUT, option + " is neither a directory nor "
          + "a postgresql:// URL: " + PostgresUrl.masked(where), "write "
          + "postgresql://USER@HOST:PORT/DB for PostgreSQL (not jdbc:...), or a directory path "
          + "(./NAME for a directory whose name has a colon)");
    }
    return files(Path.of(where), option);
  }

  private static RunStore files(Path root, String option) {
    try {
      BasicFileAttributes a = Files.readAttributes(root, BasicFileAttributes.class,
          LinkOption.NOFOLLOW_LINKS);
      if (a.isSymbolicLink() || !a.isDirectory()) {
        throw new RolloutException(ExitCode.INVALID_INPUT, root + " (" + option + ") is "
            + InputFile.kind(root, a) + ", not a directory; runs and locks cannot be kept there",
            a.isSymbolicLink() ? "name the directory itself with --state (links are not "
                + "followed)" : "move it away, or name another directory with --state");
      }
    } catch (NoSuchFileException e) {
      // created with the first run
    } catch (IOException e) {
      throw new RolloutException(ExitCode.INVALID_INPUT, "cannot use " + root + " (" + option
          + "): " + e.getMessage(), "name another directory with --state");
    }
    return new FileRunStore(root);
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

  /**
   * The store cannot be used: nothing was changed, and the same command can be run again. A state
   * directory holding a link or a file of the wrong type is exit 2, as a bad --state is.
   */
  static RolloutException unavailable(StoreUnavailable e) {
    if (e.getCause() instanceof java.nio.file.FileSystemException) {
      return new RolloutException(ExitCode.INVALID_INPUT, e.getMessage(), "the state directory "
          + "holds what rollout did not put there: look at that path, remove it, then run the "
          + "same command again");
    }
    return new RolloutException(ExitCode.NEEDS_ATTENTION, e.getMessage(), "check that the "
        + "database is up and reachable, and the password (PGPASSWORD or ~/.pgpass); then run "
        + "the same command again");
  }
}
