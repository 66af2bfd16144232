package dev.rollout.notify;

/**
 * Hears of a notification that could not be delivered, so that the run can record it (in the
 * journal). Called on the notifier's thread, never on the engine's; must not throw.
 */
@FunctionalInterface
public interface Undelivered {

  /**
   * @param notification what was not delivered
   * @param message one line naming the channel (its URL redacted), the attempts and the last
   *     failure; never holds a secret of the channel
   */
  void report(Notification notification, String message);
}
