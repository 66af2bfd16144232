package dev.rollout.transport.ssh;

import dev.rollout.transport.CommandResult;
import dev.rollout.transport.Endpoint;

/** Recognises {@code sudo -n} refusing to run because it would need a password. */
final class SudoRefusal {

  private SudoRefusal() {}

  static boolean matches(CommandResult result) {
    String err = result.stderr();
    return result.exitCode() == 1
        && (err.contains("a password is required") || err.contains("sudo: a terminal is required"));
  }

  static String describe(Endpoint endpoint) {
    return "sudo on " + endpoint.name() + " needs a password for user " + endpoint.user()
        + "; Rollout runs sudo -n and never types passwords: allow this user NOPASSWD in sudoers,"
        + " or log in as a user that needs no sudo";
  }
}
