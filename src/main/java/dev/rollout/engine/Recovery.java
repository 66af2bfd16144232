package dev.rollout.engine;

import java.util.List;

/**
 * Takes a run up again after its controller died. A step that had started with no recorded end is
 * never assumed done nor re-run blindly: verify decides whether the change is in place (a plan
 * without verify steps cannot tell, so the host is rolled back), and changed hosts are probed
 * again before any soak time counts.
 */
final class Recovery {

  private static final int PARALLEL = 16;

  private final RunContext ctx;
  private final HostChange change;

  private final RunRecord record;

  Recovery(RunContext ctx, HostChange change, RunRecord record) {
    this.ctx = ctx;
    this.change = change;
    this.record = record;
  }

  /**
   * Settles hosts caught mid-change or mid-rehearsal by the controller's death. A change with no
   * step in flight goes on from the next step; a step in flight, or a verify, lets verify decide,
   * and the change steps that had not started run once it says what ran is in place. A canary
   * caught before its rehearsal is rehearsed.
   */
  void recoverInterrupted() throws InterruptedException {
    RunState st = ctx.state();
    ctx.forEach(st.in(HostState.CHANGING, HostState.VERIFYING), PARALLEL, h -> {
      RunRecord.StepCursor c = record.cursor(h);
      boolean rehearse = rehearsalDue(h);
      if (st.state(h) == HostState.VERIFYING) {
        change.verifyAfterCrash(h, ctx.plan().plan().change().size(), rehearse);
      } else if (c.stepInFlight()) {
        change.verifyAfterCrash(h, c.started(), rehearse);
      } else {
        change.continueChange(h, c.finished(), rehearse);
      }
    });
    List<String> rehearsing = st.in(HostState.ROLLING_BACK).stream()
        .filter(record::rehearsing).toList();
    ctx.forEach(rehearsing, PARALLEL, change::resumeRehearsal);
  }

  /** Whether {@code host} is a canary whose rollback is rehearsed and was not yet. */
  private boolean rehearsalDue(String host) {
    return ctx.plan().plan().strategy().rehearseRollback() && !record.rehearsed(host)
        && ctx.plan().waves().stream().anyMatch(w -> w.canary() && w.hosts().contains(host));
  }

  /** Probes every changed host once more before it goes back under monitoring. */
  void recheckChanged() throws InterruptedException {
    // a host whose probes were journaled unhealthy is failed by the decision, as the dead
    // controller would have done: a fresh probe does not undo what was observed
    List<String> changed = ctx.state().in(HostState.CHANGED).stream()
        .filter(h -> record.unhealthyAll(h).stream().allMatch(c -> HeldBack.heldBack(ctx.plan(),
            record, h, c.probe()))).toList();
    ctx.forEach(changed, PARALLEL, this::recheck);
  }

  private void recheck(String host) {
    try {
      String unhealthy = ctx.unhealthyReason(host, true);
      if (unhealthy.isEmpty()) {
        ctx.monitor().start(host);
      } else {
        ctx.state().fail(host, FailureClass.UNHEALTHY, "re-checked when the run was taken up "
            + "again: " + unhealthy);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
