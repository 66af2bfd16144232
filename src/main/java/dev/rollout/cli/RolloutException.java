package dev.rollout.cli;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An error to report to the operator as one line and a hint, ending the command with {@link
 * #exitCode()}. {@link #details()} are the facts a CI job reads in the JSON error document
 * ({@code problems} with their positions, the {@code lock} holder, ...), beside the message.
 */
public final class RolloutException extends RuntimeException {

  private final ExitCode exitCode;
  private final String hint;
  private final Map<String, Object> details = new LinkedHashMap<>();

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

  /** Adds a fact for the JSON error document, under {@code key}; returns this exception. */
  public RolloutException with(String key, Object value) {
    details.put(key, value);
    return this;
  }

  /** The facts for the JSON error document, in the order they were added. */
  public Map<String, Object> details() {
    return Collections.unmodifiableMap(details);
  }
}
