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
      "(cat <&3; kill -KILL -- -$p || kill -KILL $p) >/dev/null 2>&1 &",
      "w=$!",
      "exec 3<&-",
      "wait $p; s=$?",
      "kill $w 2>/dev/null",
      "exit $s");

  private ChannelLeash() {}

  /** {@code sh -c 'SCRIPT' rollout 'COMMAND'}, with {@code sudo -n} in front for become. */
  static String wrap(String command, boolean become) {
    String leashed = "sh -c " + ShellQuote.quote(SCRIPT) + " rollout " + ShellQuote.quote(command);
    return become ? "sudo -n " + leashed : leashed;
  }
}
