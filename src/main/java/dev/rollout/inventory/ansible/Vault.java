package dev.rollout.inventory.ansible;

import dev.rollout.source.Position;
import dev.rollout.source.Problems;

/** Refuses Ansible Vault: Rollout cannot decrypt it, and will not pass it on as text. */
final class Vault {

  static final String HEADER = "$ANSIBLE_VAULT;";
  private static final String HINT = "Rollout does not read Ansible Vault; take the secret from"
      + " the controller's environment with \"{{ lookup('env', 'NAME') }}\", which Rollout reads"
      + " as a secret";

  private Vault() {}

  static boolean encrypted(String text) {
    return text.stripLeading().startsWith(HEADER);
  }

  /** A value whose text is vault ciphertext. */
  static void checkText(String key, String text, Position at, Problems problems) {
    if (encrypted(text)) {
      refuse(key, at, problems);
    }
  }

  static void refuse(String key, Position at, Problems problems) {
    problems.add(at, "", "variable \"" + key + "\" is encrypted with Ansible Vault", HINT);
  }

  static void refuseFile(Position at, Problems problems) {
    problems.add(at, "", "the file is encrypted with Ansible Vault", HINT);
  }
}
