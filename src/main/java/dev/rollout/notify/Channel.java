package dev.rollout.notify;

/** Where notifications go: a webhook or a local command. Used by one thread at a time. */
public interface Channel {

  /**
   * Delivers one notification, retrying as the channel sees fit, within its own time limits.
   *
   * @throws DeliveryException when it could not be delivered; its message is safe to record
   * @throws InterruptedException when the thread was interrupted (the notifier is closing)
   */
  void deliver(Notification notification) throws DeliveryException, InterruptedException;

  /** The channel for people and journals, never with a secret: {@code webhook https://h/****}. */
  String describe();
}
