package dev.rollout.notify;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the plan's {@code notify.command} on the controller, through {@code /bin/sh -c}, once per
 * notification, with the notification in its environment: {@code ROLLOUT_EVENT}, {@code
 * ROLLOUT_SEVERITY} ({@code info}, {@code warning}, {@code critical}), {@code ROLLOUT_TEXT},
 * {@code ROLLOUT_RUN_ID}, {@code ROLLOUT_PLAN}, {@code ROLLOUT_HOST}, {@code
 * ROLLOUT_REASON}, {@code ROLLOUT_STAGE}, {@code ROLLOUT_AT}, {@code ROLLOUT_OUTCOME} (empty when
 * not relevant) and {@code ROLLOUT_JSON}, the whole webhook body. Its output is discarded and
 * never quoted in messages, since a notify command often handles a token; a command that runs past
 * the timeout is killed with its children. It is not tried again: the command does its own
 * retrying if it wants it.
 */
public final class CommandChannel implements Channel {

  /** The default limit of one run of the command. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  private final String command;
  private final Duration timeout;

  public CommandChannel(String command, Duration timeout) {
    if (command == null || command.isBlank() || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("a notify command needs a command and a positive "
          + "timeout");
    }
    this.command = command;
    this.timeout = timeout;
  }

  @Override
  public void deliver(Notification n) throws DeliveryException, InterruptedException {
    Process p = start(n);
    try {
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        kill(p);
        throw new DeliveryException(describe() + ": still running after " + timeout.toMillis()
            + " ms, killed", false);
      }
    } catch (InterruptedException e) {
      kill(p);
      throw e;
    }
    if (p.exitValue() != 0) {
      throw new DeliveryException(describe() + ": exited " + p.exitValue(), false);
    }
  }

  @Override
  public String describe() {
    return "notify command";
  }

  /** The variables the command finds in its environment; empty strings for absent fields. */
  static Map<String, String> environment(Notification n) {
    Map<String, String> env = new java.util.LinkedHashMap<>();
    env.put("ROLLOUT_EVENT", n.event().wireName());
    env.put("ROLLOUT_SEVERITY", n.severity().wireName());
    env.put("ROLLOUT_TEXT", text(n.text()));
    env.put("ROLLOUT_RUN_ID", text(n.runId()));
    env.put("ROLLOUT_PLAN", text(n.plan()));
    env.put("ROLLOUT_HOST", text(n.host()));
    env.put("ROLLOUT_REASON", text(n.reason()));
    env.put("ROLLOUT_STAGE", text(n.stage()));
    env.put("ROLLOUT_AT", n.at() == null ? "" : dev.rollout.source.Timestamps.json(n.at()));
    env.put("ROLLOUT_OUTCOME", text(n.outcome()));
    env.put("ROLLOUT_JSON", n.toJson());
    return env;
  }

  private Process start(Notification n) throws DeliveryException {
    ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", command)
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(ProcessBuilder.Redirect.DISCARD);
    pb.environment().putAll(environment(n));
    try {
      return pb.start();
    } catch (IOException e) {
      throw new DeliveryException(describe() + ": could not start /bin/sh", false);
    }
  }

  private static void kill(Process p) {
    p.descendants().forEach(ProcessHandle::destroyForcibly);
    p.destroyForcibly();
  }

  private static String text(String s) {
    return s == null ? "" : s;
  }
}
