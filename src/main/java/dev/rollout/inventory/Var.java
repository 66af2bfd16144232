package dev.rollout.inventory;

/**
 * A variable's value. A variable taken from the controller's environment ({@code {env: NAME}}) is a
 * secret: it is shown as {@code ****} everywhere.
 *
 * @param value the value; null for a secret whose environment variable is not set
 * @param env the environment variable's name for a secret, else null
 */
public record Var(String value, String env) {

  public static final String MASK = "****";

  public static Var plain(String value) {
    return new Var(value, null);
  }

  public boolean secret() {
    return env != null;
  }

  /** The value as it may be shown: masked for a secret. */
  public String shown() {
    return secret() ? MASK : value;
  }

  @Override
  public String toString() {
    return secret() ? "Var[secret from $" + env + "]" : "Var[" + value + "]";
  }
}
