package dev.rollout.transport.ssh.config;

/**
 * An ssh_config file Rollout cannot follow: malformed, or asking for something Rollout refuses
 * ({@code StrictHostKeyChecking no}, {@code Match exec}). Names the file and line.
 */
public final class SshConfigException extends Exception {

  private final String file;
  private final int line;
  private final String hint;

  public SshConfigException(String file, int line, String message, String hint) {
    super(message);
    this.file = file;
    this.line = line;
    this.hint = hint;
  }

  /** The file as named (an Include's path as its glob found it). */
  public String file() {
    return file;
  }

  /** 1-based line; 0 when the problem is the file as a whole. */
  public int line() {
    return line;
  }

  /** What to do about it, one line. */
  public String hint() {
    return hint;
  }
}
