package dev.rollout.notify;

/**
 * A notification could not be delivered. The message is one line that is safe to log and to
 * journal: it never holds a webhook URL's path, query or credentials, and carries no cause for the
 * same reason (a client's own exception may quote the URL).
 */
public final class DeliveryException extends Exception {

  private final boolean retryable;

  DeliveryException(String message, boolean retryable) {
    super(message, null, false, false);
    this.retryable = retryable;
  }

  /** True when trying again may succeed: connection failures, timeouts, 5xx and 429. */
  public boolean retryable() {
    return retryable;
  }
}
