package dev.rollout.notify;

import dev.rollout.engine.Event;
import dev.rollout.engine.RunListener;
import dev.rollout.engine.RunState;
import dev.rollout.plan.Notify;
import dev.rollout.plan.Plan;
import dev.rollout.plan.Strategy.OnFailure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Follows a run and tells people of its state changes (see {@link Kind}). {@link #onEvent} only
 * decides and queues, so it returns at once; one daemon thread delivers the queue in order to
 * every channel. A notification that a channel cannot deliver goes to {@link Undelivered}; nothing
 * is ever thrown into the run. {@link #close} waits for the queue up to the drain limit, then
 * reports what is left as undelivered and stops.
 */
public final class Notifier implements RunListener, AutoCloseable {

  /** How long {@link #close} waits for notifications still queued or in flight. */
  public static final Duration DEFAULT_DRAIN = Duration.ofSeconds(10);

  private final NotificationRules rules;
  private final List<Channel> channels;
  private final Undelivered undelivered;
  private final Duration drain;
  private final ThreadPoolExecutor sender;

  /**
   * @param runId the run, named in every notification
   * @param plan the plan's name
   * @param onFailure what the run does when failures stop it, for the words; may be null
   * @param channels where notifications go, each in turn; may be empty
   * @param undelivered hears of what could not be delivered, on the notifier's thread
   * @param drain how long {@link #close} waits for the queue
   */
  public Notifier(String runId, String plan, OnFailure onFailure, List<Channel> channels,
      Undelivered undelivered, Duration drain) {
    this.rules = new NotificationRules(new Wording(runId, plan, onFailure));
    this.channels = List.copyOf(channels);
    this.undelivered = undelivered;
    this.drain = drain;
    this.sender = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
        new LinkedBlockingQueue<>(), r -> {
          Thread t = new Thread(r, "rollout-notify");
          t.setDaemon(true);
          return t;
        });
  }

  /**
   * The notifier for a plan's {@code notify} block, with the default limits: a webhook with
   * {@link WebhookChannel.Delivery#DEFAULT}, a command with {@link CommandChannel#DEFAULT_TIMEOUT}.
   *
   * @throws IllegalArgumentException when the webhook is not an http(s) URL (message redacted)
   */
  public static Notifier forPlan(Plan plan, String runId, Undelivered undelivered) {
    return new Notifier(runId, plan.name(), plan.strategy().onFailure(),
        channels(plan.notifications()), undelivered, DEFAULT_DRAIN);
  }

  /** The channels a {@code notify} block asks for, webhook first. */
  public static List<Channel> channels(Notify notify) {
    List<Channel> out = new ArrayList<>();
    if (notify.webhook() != null) {
      out.add(new WebhookChannel(notify.webhook(), WebhookChannel.Delivery.DEFAULT));
    }
    if (notify.command() != null) {
      out.add(new CommandChannel(notify.command(), CommandChannel.DEFAULT_TIMEOUT));
    }
    return out;
  }

  @Override
  public void onEvent(Event event, RunState state) {
    if (channels.isEmpty()) {
      return;
    }
    synchronized (rules) {
      for (Notification n : rules.on(event)) {
        queue(n);
      }
    }
  }

  /** Waits up to the drain limit for queued notifications, then stops; idempotent. */
  @Override
  public void close() {
    sender.shutdown();
    try {
      if (!sender.awaitTermination(drain.toMillis(), TimeUnit.MILLISECONDS)) {
        for (Runnable r : sender.shutdownNow()) {
          report(((Sending) r).notification, "not sent: the run ended and the notifier stopped "
              + "waiting after " + drain.toMillis() + " ms");
        }
        sender.awaitTermination(1, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      sender.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  private void queue(Notification n) {
    try {
      sender.execute(new Sending(n));
    } catch (RejectedExecutionException e) {
      report(n, "not sent: the notifier is closed");
    }
  }

  private void send(Notification n) {
    for (Channel c : channels) {
      try {
        c.deliver(n);
      } catch (DeliveryException e) {
        report(n, e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        report(n, c.describe() + ": interrupted, the notifier stopped waiting");
      } catch (RuntimeException e) {
        report(n, c.describe() + ": " + dev.rollout.transport.Causes.words(e));
      }
    }
  }

  private void report(Notification n, String why) {
    try {
      undelivered.report(n, "notification " + n.event().wireName() + " not delivered: " + why);
    } catch (RuntimeException e) {
      // the receiver of reports failed too; the run must go on regardless
    }
  }

  /** One queued notification; a named type so that {@link #close} can report what is left. */
  private final class Sending implements Runnable {
    private final Notification notification;

    Sending(Notification notification) {
      this.notification = notification;
    }

    @Override
    public void run() {
      send(notification);
    }
  }
}
