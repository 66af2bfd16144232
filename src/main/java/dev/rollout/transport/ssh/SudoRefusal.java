package dev.rollout.transport.ssh;

import dev.rollout.transport.CommandResult;
import dev.rollout.transport.Endpoint;

/**
 * Recognises sudo refusing to run: {@code sudo -n} because it would need a password, {@code sudo
 * -S} because the password it was given is wrong (it says so, then reads the end of its input).
 */
final class SudoRefusal {

  private SudoRefusal() {}

  static boolean matches(CommandResult result) {
    String err = result.stderr();
    return result.exitCode() == 1
        && (err.contains("a password is required") || err.contains("sudo: a terminal is required"));
  }

  static boolean refusedPassword(CommandResult result) {
    String err = result.stderr();
    return result.exitCode() == 1 && (err.contains("incorrect password attempt")
        || err.contains("Sorry, try again.") || err.contains("no password was provided"));
  }

  static String describeRefused(Endpoint endpoint) {
    return "sudo on " + endpoint.name() + " refused the password for user " + endpoint.user()
        + " from the environment variable " + endpoint.sudoPassword().env()
        + " (incorrect password); nothing ran as root";
  }

  static String describe(Endpoint endpoint) {
    return "sudo on " + endpoint.name() + " needs a password for user " + endpoint.user()
        + "; Rollout runs sudo -n and never types passwords: allow this user NOPASSWD in sudoers,"
        + " or log in as a user that needs no sudo";
  }
}
