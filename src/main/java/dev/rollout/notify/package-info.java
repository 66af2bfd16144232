/**
 * Notifications: tells people about the state changes of a run that they must know (run started,
 * canary passed, wave done, host failed, rollback started and finished, run paused, completed or
 * halted) and nothing else, never one per probe check or step. {@link dev.rollout.notify.Notifier}
 * follows a run as a {@link dev.rollout.engine.RunListener} and delivers on its own thread, so a
 * slow or dead receiver never slows the run; {@link dev.rollout.notify.WebhookChannel} posts JSON
 * with retries, {@link dev.rollout.notify.CommandChannel} runs a local command. What cannot be
 * delivered is reported through {@link dev.rollout.notify.Undelivered}, never thrown.
 */
package dev.rollout.notify;
