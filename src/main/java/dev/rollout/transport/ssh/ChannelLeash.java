package dev.rollout.transport.ssh;

import dev.rollout.transport.ShellQuote;

/**
 * Makes a remote command die with its channel. OpenSSH refuses signal requests for root logins and
 * leaves a command running when its channel closes, so a timed-out command would go on. The
 * command runs in its own process group (via {@code setsid} where present) with stdin from
 * {@code /dev/null}; a watcher reads the session's stdin, which ends only when the channel closes,
 * and then kills the group. The command's exit status is passed through.
 */
final class ChannelLeash {

  private static final String SCRIPT = String.join("\n",
      "exec 3<&0",
      "if command -v setsid >/dev/null 2>&1; then setsid sh -c \"$1\" </dev/null &",
      "else sh -c \"$1\" </dev/null & fi",
      "p=$!",
      "(cat <&3; kill -s KILL -- -$p || kill -s KILL $p) >/dev/null 2>&1 &",
      "w=$!",
      "exec 3<&-",
      "wait $p; s=$?",
      "kill $w 2>/dev/null",
      "exit $s");

  /**
   * Runs as the login user when sudo wants a password. The first line of the session's stdin is
   * the password: it is read by the shell's own {@code read} and handed to {@code sudo -S} by the
   * shell's own {@code printf} through a pipe that ends after it, so it is never in a process's
   * arguments and sudo, if the password is wrong, reads the end of its input instead of waiting
   * for another try. The rest of the session's stdin is watched as {@link #SCRIPT} watches it:
   * when the channel closes, this shell is killed. The login user cannot signal root's
   * processes, so {@link #AS_ROOT} follows this shell's life ({@code $$}) instead, and kills the
   * command's group once it is gone: after the channel closed, or after sshd delivered a signal
   * request to the session's group.
   */
  private static final String WITH_PASSWORD = String.join("\n",
      "IFS= read -r p",
      "exec 3<&0",
      "printf '%s\\n' \"$p\" 3<&- | sudo -S -p '' sh -c \"$1\" rollout \"$2\" \"$$\" 3<&- &",
      "s=$!",
      "p=",
      "(cat <&3; kill -s KILL $$) >/dev/null 2>&1 &",
      "w=$!",
      "exec 3<&-",
      "wait $s; r=$?",
      "kill $w 2>/dev/null",
      "exit $r");

  /**
   * Runs as root under {@link #WITH_PASSWORD}: the command in its own group, killed within a
   * second of the login shell ({@code $2}) being gone. ({@code kill -s KILL --}: dash's kill
   * refuses {@code -KILL --}.)
   */
  private static final String AS_ROOT = String.join("\n",
      "if command -v setsid >/dev/null 2>&1; then setsid sh -c \"$1\" </dev/null &",
      "else sh -c \"$1\" </dev/null & fi",
      "p=$!",
      "(while kill -0 \"$2\"; do sleep 1; done; kill -s KILL -- -$p || kill -s KILL $p)"
          + " >/dev/null 2>&1 &",
      "w=$!",
      "wait $p; s=$?",
      "kill $w 2>/dev/null",
      "exit $s");

  private ChannelLeash() {}

  /**
   * {@code sh -c 'WITH_PASSWORD' rollout 'AS_ROOT' 'COMMAND'}: for become with a password, which
   * the caller writes as the first line of the command's stdin, and then keeps stdin open.
   */
  static String wrapWithSudoPassword(String command) {
    return "sh -c " + ShellQuote.quote(WITH_PASSWORD) + " rollout " + ShellQuote.quote(AS_ROOT)
        + " " + ShellQuote.quote(command);
  }

  /** {@code sh -c 'SCRIPT' rollout 'COMMAND'}, with {@code sudo -n} in front for become. */
  static String wrap(String command, boolean become) {
    String leashed = "sh -c " + ShellQuote.quote(SCRIPT) + " rollout " + ShellQuote.quote(command);
    return become ? "sudo -n " + leashed : leashed;
  }
}
