package dev.rollout.plan;

/**
 * Where state changes are sent.
 *
 * @param webhook URL that receives an HTTP POST per state change, or null; may hold a secret
 * @param command a local command run per state change with the event in its environment, or null
 */
public record Notify(String webhook, String command) {

  public static final Notify NONE = new Notify(null, null);
}
