package dev.rollout.engine;

import dev.rollout.engine.Event.ConsoleUsed;
import dev.rollout.engine.Event.RollbackFinished;
import dev.rollout.engine.Event.RollbackStarted;
import dev.rollout.plan.Step;
import dev.rollout.transport.RemoteShell;
import java.util.List;
import java.util.Optional;

/**
 * Rolls hosts back: the plan's rollback steps over SSH, or over the console path when SSH to the
 * host fails; then the host is probed again to show it is healthy. Rollback steps must be safe to
 * run again, since over the console they start again from the first.
 */
final class Rollback {

  private final RunContext ctx;

  Rollback(RunContext ctx) {
    this.ctx = ctx;
  }

  /** Rolls back {@code hosts}; true when every one of them is rolled back and healthy. */
  boolean run(List<String> hosts, String reason, int parallel) throws InterruptedException {
    return run(hosts, reason, parallel, () -> { });
  }

  /**
   * Rolls back {@code hosts}, running {@code meanwhile} each time the run's state changes while
   * they are in flight (every listed host is rolled back whatever it does).
   */
  boolean run(List<String> hosts, String reason, int parallel, Runnable meanwhile)
      throws InterruptedException {
    if (hosts.isEmpty()) {
      return true;
    }
    RunState st = ctx.state();
    st.record(new RollbackStarted(ctx.clock().instant(), hosts, reason));
    ctx.forEach(hosts, parallel, this::rollBack, () -> {
      meanwhile.run();
      return true;
    });
    List<String> done = hosts.stream().filter(h -> st.state(h) == HostState.ROLLED_BACK).toList();
    List<String> failed = hosts.stream().filter(h -> st.state(h) != HostState.ROLLED_BACK)
        .toList();
    st.record(new RollbackFinished(ctx.clock().instant(), done, failed));
    return failed.isEmpty();
  }

  private void rollBack(String host) {
    ctx.monitor().stop(host);
    RunState st = ctx.state();
    st.transition(host, HostState.ROLLING_BACK, "");
    String failure = steps(host);
    if (failure.isEmpty()) {
      try {
        failure = ctx.unhealthyReason(host);
        failure = failure.isEmpty() ? "" : "still unhealthy after rollback: " + failure;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        failure = "interrupted while probing after rollback";
      }
    }
    if (failure.isEmpty()) {
      st.transition(host, HostState.ROLLED_BACK, "rollback steps done, probes healthy");
    } else {
      st.transition(host, HostState.ROLLBACK_FAILED, failure);
    }
  }

  /** Runs the rollback steps; empty when they all succeeded. */
  private String steps(String host) {
    List<Step> steps = ctx.plan().plan().rollback();
    StepOutcome o = ctx.steps().run(host, ctx.fleet().shell(host), "ssh", "rollback", steps,
        ctx.values(host), false);
    if (o.ok()) {
      return "";
    }
    Optional<RemoteShell> console = ctx.fleet().console(host);
    if (!o.unreachable() || console.isEmpty()) {
      return o.reason();
    }
    ctx.state().record(new ConsoleUsed(ctx.clock().instant(), host,
        ctx.fleet().describeConsole(host), o.reason()));
    StepOutcome c = ctx.steps().run(host, console.get(), "console", "rollback", steps,
        ctx.values(host), false);
    return c.ok() ? "" : c.reason() + " (over the console)";
  }
}
