package dev.rollout.probe;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A scheduled executor on virtual time: nothing runs until the test calls {@link #advance}, and
 * then every task due runs on the test's thread in time order. {@link #clock()} reads that time.
 */
public final class ManualScheduledExecutor extends AbstractExecutorService
    implements ScheduledExecutorService {

  private final Instant origin;
  private final List<Task<?>> tasks = new ArrayList<>();
  private volatile long now;
  private boolean shutdown;

  public ManualScheduledExecutor(Instant origin) {
    this.origin = origin;
  }

  /** A clock showing this executor's virtual time. */
  public Clock clock() {
    return new Clock() {
      @Override
      public Instant instant() {
        return origin.plusNanos(now);
      }

      @Override
      public java.time.ZoneId getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(java.time.ZoneId zone) {
        return this;
      }
    };
  }

  /** Moves time forward by {@code duration}, running every task that falls due on the way. */
  public synchronized void advance(Duration duration) {
    long end = now + duration.toNanos();
    Task<?> next;
    while ((next = nextDue(end)) != null) {
      now = Math.max(now, next.time);
      tasks.remove(next);
      next.run();
      if (next.period != 0 && !next.isCancelled() && !shutdown) {
        next.time = next.period > 0 ? next.time + next.period : now - next.period;
        tasks.add(next);
      }
    }
    now = end;
  }

  /** Tasks waiting to run, cancelled ones excluded. */
  public synchronized int pending() {
    return (int) tasks.stream().filter(t -> !t.isCancelled()).count();
  }

  private Task<?> nextDue(long end) {
    tasks.removeIf(Task::isCancelled);
    return tasks.stream()
        .filter(t -> t.time <= end)
        .min(Comparator.comparingLong(t -> t.time))
        .orElse(null);
  }

  private synchronized <V> Task<V> add(Callable<V> callable, long delay, long period,
      TimeUnit unit) {
    Task<V> task = new Task<>(callable, now + unit.toNanos(delay), unit.toNanos(period));
    tasks.add(task);
    return task;
  }

  @Override
  public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
    return add(Executors.callable(command), delay, 0, unit);
  }

  @Override
  public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
    return add(callable, delay, 0, unit);
  }

  @Override
  public ScheduledFuture<?> scheduleAtFixedRate(
      Runnable command, long initialDelay, long period, TimeUnit unit) {
    return add(Executors.callable(command), initialDelay, period, unit);
  }

  @Override
  public ScheduledFuture<?> scheduleWithFixedDelay(
      Runnable command, long initialDelay, long delay, TimeUnit unit) {
    return add(Executors.callable(command), initialDelay, -delay, unit);
  }

  @Override
  public void execute(Runnable command) {
    schedule(command, 0, TimeUnit.NANOSECONDS);
  }

  @Override
  public void shutdown() {
    shutdown = true;
  }

  @Override
  public List<Runnable> shutdownNow() {
    shutdown = true;
    tasks.clear();
    return List.of();
  }

  @Override
  public boolean isShutdown() {
    return shutdown;
  }

  @Override
  public boolean isTerminated() {
    return shutdown;
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) {
    return shutdown;
  }

  /** A task due at {@code time}; period 0: once, positive: fixed rate, negative: fixed delay. */
  private final class Task<V> extends FutureTask<V> implements ScheduledFuture<V> {
    long time;
    final long period;

    Task(Callable<V> callable, long time, long period) {
      super(callable);
      this.time = time;
      this.period = period;
    }

    @Override
    public void run() {
      if (period == 0) {
        super.run();
      } else {
        runAndReset();
      }
    }

    @Override
    public long getDelay(TimeUnit unit) {
      return unit.convert(time - now, TimeUnit.NANOSECONDS);
    }

    @Override
    public int compareTo(Delayed other) {
      return Long.compare(getDelay(TimeUnit.NANOSECONDS), other.getDelay(TimeUnit.NANOSECONDS));
    }
  }
}
