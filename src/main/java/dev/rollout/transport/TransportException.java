package dev.rollout.transport;

/** The one exception of the transport layer; {@link #reason()} says what failed. */
public final class TransportException extends Exception {

  /** What failed, as a class the engine can act on. */
  public enum Reason {
    /** Could not connect at all (refused, no route, timeout), after retries. */
    UNREACHABLE,
    /** The server's host key is unknown (strict) or differs from the recorded one. */
    HOST_KEY_REJECTED,
    /** Public-key authentication failed, or the private key could not be read. */
    AUTH_FAILED,
    /** {@code sudo -n} wanted a password. */
    SUDO_PASSWORD_REQUIRED,
    /** {@code sudo -S} refused the password from the inventory's {@code becomePasswordEnv}. */
    SUDO_PASSWORD_REFUSED,
    /** The connection dropped while a command ran: it may or may not have had its effect. */
    OUTCOME_UNKNOWN,
    /**
     * This controller closed the transport (it is shutting down) before or while the command ran.
     * Says nothing about the host: a command that was running may or may not have had its effect,
     * and the host must not be recorded as failed for it.
     */
    CLOSED
  }

  private final Reason reason;
  private final String host;

  public TransportException(Reason reason, String host, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
    this.host = host;
  }

  public TransportException(Reason reason, String host, String message) {
    this(reason, host, message, null);
  }

  public Reason reason() {
    return reason;
  }

  /** The inventory name of the host. */
  public String host() {
    return host;
  }

  /**
   * True when the host could not be reached at all, a failure class of its own. {@link
   * Reason#CLOSED} counts too, so that a caller that does not look for it never takes the
   * controller's own shutdown for a failed command.
   */
  public boolean unreachable() {
    return reason == Reason.UNREACHABLE || reason == Reason.OUTCOME_UNKNOWN
        || reason == Reason.CLOSED;
  }

  /** True when this controller closed the transport: not a fact about the host. */
  public boolean closedByController() {
    return reason == Reason.CLOSED;
  }
}
