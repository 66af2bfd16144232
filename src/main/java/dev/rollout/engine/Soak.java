package dev.rollout.engine;

import dev.rollout.engine.Event.HealthCounted;
import dev.rollout.engine.Event.SoakPassed;
import dev.rollout.engine.Event.SoakStarted;
import java.time.Duration;
import java.time.Instant;

/**
 * Waits out a soak (or the watch) while the probes watch every changed host. Records probe totals
 * every {@link #countEvery} instead of every check, which also marks the controller alive, so a
 * soak resumed after any death goes on for the time that was left ({@link RunRecord#soakLeft}).
 */
final class Soak {

  /** How often probe totals are journaled during a soak. */
  static final Duration COUNT_EVERY = Duration.ofMinutes(5);

  private final RunContext ctx;
  private final java.util.function.Predicate<String> current;

  /**
   * @param current whether soaking the stage is still the run's decision: false once something
   *     the probes observed calls for another action (failing a host, a rollback, a stop)
   */
  Soak(RunContext ctx, java.util.function.Predicate<String> current) {
    this.ctx = ctx;
    this.current = current;
  }

  /**
   * Soaks {@code stage} for {@code left}: its whole duration, or what was left of it when the
   * run's journal shows it already under way ({@link RunRecord#soakLeft}). False when the run
   * started stopping meanwhile, or the decision is no longer to soak (the loop decides again and
   * comes back for the time that is left).
   */
  boolean run(String stage, Duration left) throws InterruptedException {
    RunState st = ctx.state();
    if (left.isZero() || left.isNegative()) {
      return !st.stopping();
    }
    Instant until = now().plus(left);
    st.record(new SoakStarted(now(), stage, left, until));
    Duration every = countEvery(left);
    Instant nextCount = now().plus(every);
    Duration tick = tick();
    while (!st.stopping() && current.test(stage)) {
      Duration remaining = Duration.between(now(), until);
      if (remaining.isNegative() || remaining.isZero()) {
        count();
        st.record(new SoakPassed(now(), stage));
        return true;
      }
      if (!now().isBefore(nextCount)) {
        count();
        nextCount = now().plus(every);
      }
      ctx.sleeper().sleep(remaining.compareTo(tick) < 0 ? remaining : tick);
    }
    count();
    return false;
  }

  /**
   * Journals the probe checks since the last count, of every probed host: those that failed too,
   * so that a soak cut short by a failure still shows the checks that found it.
   */
  private void count() {
    long checks = 0;
    long failures = 0;
    int probed = 0;
    for (String h : ctx.state().hosts().keySet()) {
      if (!ctx.monitor().knows(h)) {
        continue;
      }
      var c = ctx.monitor().takeCounts(h);
      checks += c.checks();
      failures += c.failures();
      probed += c.checks() > 0 ? 1 : 0;
    }
    if (checks > 0) {
      ctx.state().record(new HealthCounted(now(), checks, failures, probed));
    }
  }

  /**
   * How often a soak of {@code d} journals its probe totals: every {@link #COUNT_EVERY}, more
   * often for a short soak (a twentieth of it, at least a second), so that after any death,
   * SIGKILL too, the journal shows how far the soak got within a twentieth of it.
   */
  static Duration countEvery(Duration d) {
    Duration part = d.dividedBy(20);
    Duration floor = Duration.ofSeconds(1);
    return part.compareTo(COUNT_EVERY) > 0 ? COUNT_EVERY : part.compareTo(floor) < 0 ? floor
        : part;
  }

  private Duration tick() {
    Duration half = ctx.plan().plan().health().interval().dividedBy(2);
    Duration max = Duration.ofMillis(500);
    return half.compareTo(max) > 0 ? max : half.isZero() ? Duration.ofMillis(10) : half;
  }

  private Instant now() {
    return ctx.clock().instant();
  }
}
