package dev.rollout.cli;

/**
 * An error to report to the operator as one line and a hint, ending the command with {@link
 * #exitCode()}.
 */
public final class RolloutException extends RuntimeException {

  private final ExitCode exitCode;
  private final String hint;

  public RolloutException(ExitCode exitCode, String message, String hint) {
    super(message);
    this.exitCode = exitCode;
    this.hint = hint;
  }

  public ExitCode exitCode() {
    return exitCode;
  }

  public String hint() {
    return hint;
  }
}
