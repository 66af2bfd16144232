package dev.rollout.engine;

import dev.rollout.engine.Event.PreflightChecked;
import dev.rollout.transport.RemoteShell;
import dev.rollout.transport.TransportException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Preflight on every target before anything changes: connect, run the preflight steps, take the
 * health baseline, and prove the way back (the console path answers, the rollback checks pass).
 * One failing target refuses the whole run; an unproven way back only with the operator's leave.
 */
final class Preflight {

  /** Targets checked at once. */
  static final int PARALLEL = 16;

  private final RunContext ctx;
  private final boolean allowUnproven;
  private volatile boolean abandoned;

  /**
   * @param allowUnproven go on when only the way back is not proven ({@code
   *     --allow-unproven-rollback}); each such host is recorded
   */
  Preflight(RunContext ctx, boolean allowUnproven) {
    this.ctx = ctx;
    this.allowUnproven = allowUnproven;
  }

  /** True when every target passed. */
  boolean run(List<String> targets) throws InterruptedException {
    ctx.state().connecting(targets.size());
    try {
      ctx.forEach(targets, PARALLEL, this::check);
    } catch (InterruptedException e) {
      abandoned = true;
      throw e;
    }
    return ctx.state().in(HostState.PENDING).size() == targets.size()
        && ctx.state().preflightFailures().isEmpty();
  }

  private void check(String host) {
    String reason = reason(host);
    String unproven = reason.isEmpty() ? rollbackUnproven(host) : "";
    if (!unproven.isEmpty() && allowUnproven) {
      ctx.state().record(new Event.RollbackUnproven(ctx.clock().instant(), host, unproven));
    } else if (!unproven.isEmpty()) {
      reason = "the way back is not proven: " + unproven;
    }
    if (abandoned || Thread.currentThread().isInterrupted()) {
      return; // the run was interrupted: what this check found now, the interrupt caused
    }
    ctx.state().record(new PreflightChecked(ctx.clock().instant(), host, reason.isEmpty(),
        reason));
    if (!reason.isEmpty()) {
      ctx.state().preflightFailed(host, reason);
    }
  }

  /** Reachable, preflight steps pass, healthy: empty, else why not. */
  private String reason(String host) {
    RemoteShell shell = ctx.fleet().shell(host);
    try {
      shell.connect();
      ctx.state().answered();
      Optional<String> notRun = shell.proveCommandsRun();
      if (notRun.isPresent()) {
        return "commands would not run: " + ctx.masker().mask(notRun.get());
      }
    } catch (TransportException e) {
      if (!e.unreachable()) {
        ctx.state().answered();
      }
      String what = switch (e.reason()) {
        case HOST_KEY_REJECTED -> "host key refused";
        case AUTH_FAILED -> "authentication failed";
        case SUDO_PASSWORD_REQUIRED -> "sudo wants a password";
        case SUDO_PASSWORD_REFUSED -> "sudo refused the password";
        default -> "unreachable";
      };
      return what + ": " + ctx.masker().mask(e.getMessage());
    }
    StepOutcome o = ctx.steps().run(host, shell, "ssh", "preflight",
        ctx.plan().plan().preflight(), ctx.values(host), false);
    if (!o.ok()) {
      return o.reason();
    }
    try {
      String unhealthy = ctx.unhealthyReason(host);
      return unhealthy.isEmpty() ? "" : "unhealthy before any change: " + unhealthy;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }

  /** The console path answers and the rollback checks pass: empty, else why not. */
  private String rollbackUnproven(String host) {
    Optional<RemoteShell> console = ctx.fleet().console(host);
    if (console.isPresent()) {
      String c = consoleAnswers(console.get());
      if (!c.isEmpty()) {
        return "console path " + ctx.fleet().describeConsole(host) + " does not answer: " + c;
      }
    }
    StepOutcome o = ctx.steps().run(host, ctx.fleet().shell(host), "ssh", "rollbackCheck",
        ctx.plan().plan().rollbackCheck(), ctx.values(host), false);
    return o.ok() ? "" : o.reason();
  }

  private String consoleAnswers(RemoteShell console) {
    try {
      var r = console.run("true", Duration.ofSeconds(30));
      if (!r.succeeded()) {
        return "exit " + r.exitCode() + " " + r.stderr().strip();
      }
      return console.proveCommandsRun().map(ctx.masker()::mask).orElse("");
    } catch (TransportException e) {
      return ctx.masker().mask(e.getMessage());
    }
  }
}
