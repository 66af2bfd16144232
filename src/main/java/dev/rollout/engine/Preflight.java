package dev.rollout.engine;

import dev.rollout.engine.Event.PreflightChecked;
import dev.rollout.transport.RemoteShell;
import dev.rollout.transport.TransportException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Preflight on every target before anything changes: connect, prove the console path, run the
 * preflight steps and the rollback checks, and take the health baseline. One failing target refuses
 * the whole run.
 */
final class Preflight {

  /** Targets checked at once. */
  static final int PARALLEL = 16;

  private final RunContext ctx;

  Preflight(RunContext ctx) {
    this.ctx = ctx;
  }

  /** True when every target passed. */
  boolean run(List<String> targets) throws InterruptedException {
    RunContext.forEach(targets, PARALLEL, this::check);
    return ctx.state().in(HostState.PENDING).size() == targets.size()
        && ctx.state().preflightFailures().isEmpty();
  }

  private void check(String host) {
    String reason = reason(host);
    ctx.state().record(new PreflightChecked(ctx.clock().instant(), host, reason.isEmpty(),
        reason));
    if (!reason.isEmpty()) {
      ctx.state().preflightFailed(host, reason);
    }
  }

  private String reason(String host) {
    RemoteShell shell = ctx.fleet().shell(host);
    try {
      shell.connect();
    } catch (TransportException e) {
      return "unreachable: " + ctx.masker().mask(e.getMessage());
    }
    Optional<RemoteShell> console = ctx.fleet().console(host);
    if (console.isPresent()) {
      String c = consoleAnswers(console.get());
      if (!c.isEmpty()) {
        return "console path " + ctx.fleet().describeConsole(host) + " does not answer: " + c;
      }
    }
    var plan = ctx.plan().plan();
    StepOutcome o = ctx.steps().run(host, shell, "ssh", "preflight", plan.preflight(),
        ctx.values(host), false);
    if (o.ok()) {
      o = ctx.steps().run(host, shell, "ssh", "rollbackCheck", plan.rollbackCheck(),
          ctx.values(host), false);
    }
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

  private String consoleAnswers(RemoteShell console) {
    try {
      var r = console.run("true", Duration.ofSeconds(30));
      return r.succeeded() ? "" : "exit " + r.exitCode() + " " + r.stderr().strip();
    } catch (TransportException e) {
      return ctx.masker().mask(e.getMessage());
    }
  }
}
