package dev.rollout.journal;

import java.io.IOException;

/**
 * The state store cannot be used right now (the database is down, refuses the login, or its
 * schema is newer than this release). Nothing was changed by the operation that failed; the
 * message names the store, never with a password.
 */
public final class StoreUnavailable extends IOException {

  public StoreUnavailable(String message, Throwable cause) {
    super(message, cause);
  }
}
