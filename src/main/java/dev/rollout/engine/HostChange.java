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
    if (changeAndVerify(host)) {
      finish(host, rehearse, "verified; under probes until the run ends");
    }
  }

  /**
   * Probes the host once right after its change (so a plan without soak still proves every host
   * healthy), then keeps it under probes until the run ends.
   */
  private void underProbes(String host, String reason) {
    String unhealthy = unhealthyNow(host);
    if (!unhealthy.isEmpty()) {
      ctx.state().fail(host, FailureClass.UNHEALTHY, "unhealthy right after its change: "
          + unhealthy);
      return;
    }
    ctx.monitor().start(host);
    ctx.state().transition(host, HostState.CHANGED, reason);
  }

  private String unhealthyNow(String host) {
    try {
      return ctx.unhealthyReason(host, true);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted while probing";
    }
  }

  /**
   * A host whose change or verify was under way when the controller died: verify decides whether
   * what ran is in place; without verify steps nothing can tell, so the host counts as failed.
   * When it is, the change steps from {@code next} (0-based; they had not started) run, then
   * verify again: a host is changed only once every change step ran. A rehearsed canary not yet
   * rehearsed ({@code rehearse}) is then rehearsed as {@link #apply} does.
   */
  void verifyAfterCrash(String host, int next, boolean rehearse) {
    RunState st = ctx.state();
    Plan plan = ctx.plan().plan();
    boolean more = next < plan.change().size();
    if (!more) {
      st.transition(host, HostState.VERIFYING, "the controller died during this host's change; "
          + "verify decides whether it is in place");
    }
    if (plan.verify().isEmpty()) {
      st.fail(host, FailureClass.CHANGE_FAILED, "the controller died during its change and the "
          + "plan has no verify steps to tell whether it is in place");
      return;
    }
    StepOutcome o = ctx.steps().run(host, ctx.fleet().shell(host), "ssh", "verify",
        plan.verify(), ctx.values(host), false);
    if (!o.ok()) {
      failed(host, new StepOutcome(false, o.unreachable(), false, "the controller died during "
          + "its change and verify says it is not in place: " + o.reason()),
          FailureClass.CHANGE_FAILED);
      return;
    }
    if (more && !changeAndVerify(host, next)) {
      return;
    }
    finish(host, rehearse, more ? "verify says the step caught in flight is in place; the "
        + "change steps after it ran" : "verify says the change is in place");
  }

  /**
   * A host caught in its change by the controller's death, with no step running: the change goes
   * on from the first step that had not started (none ran twice).
   */
  void continueChange(String host, int from, boolean rehearse) {
    if (changeAndVerify(host, from)) {
      finish(host, rehearse, "change finished after the controller was taken up again");
    }
  }

  /** Puts a changed and verified host under probes, after its rehearsal when one is due. */
  private void finish(String host, boolean rehearse, String reason) {
    if (rehearse && !(rehearse(host) && changeAndVerify(host))) {
      return;
    }
    underProbes(host, reason);
  }

  /** A canary whose rehearsed rollback was under way when the controller died. */
  void resumeRehearsal(String host) {
    if (rehearse(host) && changeAndVerify(host)) {
      underProbes(host, "verified after the rehearsal; under probes until the run ends");
    }
  }

  private boolean changeAndVerify(String host) {
    return changeAndVerify(host, 0);
  }

  /** Runs the change from step {@code from} (0-based), then verify. */
  private boolean changeAndVerify(String host, int from) {
    RunState st = ctx.state();
    Plan plan = ctx.plan().plan();
    RemoteShell shell = ctx.fleet().shell(host);
    st.transition(host, HostState.CHANGING, "");
    StepOutcome o = ctx.steps().run(host, shell, "ssh", "change", plan.change(), from,
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
    if (st.state(host) != HostState.ROLLING_BACK) {
      st.transition(host, HostState.ROLLING_BACK, "rehearsal: proving the way back before the "
          + "soak");
    }
    StepOutcome o = ctx.steps().run(host, ctx.fleet().shell(host), "ssh", "rollback",
        ctx.plan().plan().rollback(), ctx.values(host), false);
    String failure = o.ok() ? unhealthy(host) : o.reason();
    if (failure.isEmpty()) {
      return true;
    }
    // the decision stops the run on it (Decision.stopDue); stopping() says so at once
    st.transition(host, HostState.ROLLBACK_FAILED, "rehearsal: " + failure);
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
