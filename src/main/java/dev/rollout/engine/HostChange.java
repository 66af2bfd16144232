package dev.rollout.engine;

import dev.rollout.plan.Plan;
import dev.rollout.transport.RemoteShell;

/**
 * Changes one host: change steps, verify steps, and for a rehearsed canary the round trip through
 * rollback and back before the host goes under probes.
 */
final class HostChange {

  private final RunContext ctx;

  HostChange(RunContext ctx) {
    this.ctx = ctx;
  }

  /** Changes {@code host}; it ends CHANGED and under probes, or failed. */
  void apply(String host, boolean rehearse) {
    RunState st = ctx.state();
    if (st.stopping()) {
      return;
    }
    if (!changeAndVerify(host)) {
      return;
    }
    if (rehearse && !(rehearse(host) && changeAndVerify(host))) {
      return;
    }
    ctx.monitor().start(host);
    st.transition(host, HostState.CHANGED, "verified; under probes until the run ends");
  }

  private boolean changeAndVerify(String host) {
    RunState st = ctx.state();
    Plan plan = ctx.plan().plan();
    RemoteShell shell = ctx.fleet().shell(host);
    st.transition(host, HostState.CHANGING, "");
    StepOutcome o = ctx.steps().run(host, shell, "ssh", "change", plan.change(),
        ctx.values(host), true);
    if (!o.ok()) {
      failed(host, o, FailureClass.CHANGE_FAILED);
      return false;
    }
    st.transition(host, HostState.VERIFYING, "");
    o = ctx.steps().run(host, shell, "ssh", "verify", plan.verify(), ctx.values(host), true);
    if (!o.ok()) {
      failed(host, o, FailureClass.VERIFY_FAILED);
      return false;
    }
    return true;
  }

  /** Rolls the canary back and proves it healthy, so the way back is known to work. */
  private boolean rehearse(String host) {
    RunState st = ctx.state();
    st.transition(host, HostState.ROLLING_BACK, "rehearsal: proving the way back before the soak");
    StepOutcome o = ctx.steps().run(host, ctx.fleet().shell(host), "ssh", "rollback",
        ctx.plan().plan().rollback(), ctx.values(host), false);
    String failure = o.ok() ? unhealthy(host) : o.reason();
    if (failure.isEmpty()) {
      return true;
    }
    st.transition(host, HostState.ROLLBACK_FAILED, "rehearsal: " + failure);
    st.stop("the rehearsed rollback failed on canary " + host + ": the way back does not work");
    return false;
  }

  private String unhealthy(String host) {
    try {
      String r = ctx.unhealthyReason(host);
      return r.isEmpty() ? "" : "unhealthy after the rehearsed rollback: " + r;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }

  private void failed(String host, StepOutcome o, FailureClass cls) {
    if (o.stopped()) {
      ctx.state().transition(host, HostState.FAILED, o.reason());
    } else {
      ctx.state().fail(host, o.unreachable() ? FailureClass.UNREACHABLE : cls, o.reason());
    }
  }
}
