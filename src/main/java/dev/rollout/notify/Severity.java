package dev.rollout.notify;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * How much a notification asks of a person, for a receiver that routes or filters by it (a pager
 * for {@code critical}, a channel for the rest). The {@code severity} field of the body and
 * {@code ROLLOUT_SEVERITY} of a notify command; the emoji at the start of {@code text} says the
 * same to a person.
 */
public enum Severity {
  /** Progress as planned: nothing to do. */
  INFO,
  /** Something failed or stopped, and the tool handled it (rolled back, paused, refused). */
  WARNING,
  /** A person must act now: a rollback failed, a host's state is unknown, the run halted. */
  CRITICAL;

  /** The lower-case name on the wire: {@code info}, {@code warning}, {@code critical}. */
  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
