package dev.rollout.transport;

/**
 * The password {@code sudo} asks for on a host, read from the controller's environment. It is a
 * secret: it never appears in a message, in {@link #toString()}, or on a command line; the SSH
 * transport sends it on the command's stdin, to {@code sudo -S}.
 *
 * @param env the environment variable it was read from, for messages
 * @param value the password; one line, never empty
 */
public record SudoPassword(String env, String value) {

  public SudoPassword {
    if (value == null || value.isEmpty() || value.indexOf('\n') >= 0
        || value.indexOf('\r') >= 0) {
      throw new IllegalArgumentException("a sudo password is one non-empty line (from $" + env
          + ")");
    }
  }

  @Override
  public String toString() {
    return "SudoPassword[from $" + env + "]";
  }
}
