package dev.rollout.notify;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.time.Instant;

/**
 * One notification, as sent: the JSON body of a webhook and the environment of a notify command.
 * Absent fields are left out of the JSON. Texts are masked already (they come from the journal's
 * events) and always one line, so a Slack or Mattermost incoming webhook shows {@code text} as it
 * is.
 *
 * @param event what happened
 * @param text one line for people, starting with an emoji short code
 * @param runId the run
 * @param plan the plan's name
 * @param host the host concerned (host-failed), else null
 * @param reason why, one line, or null
 * @param stage the stage concerned ({@code canary}, {@code wave 2}), or null
 * @param at when it happened; ISO-8601 in UTC on the wire
 * @param outcome how the run ended, by the same wire name as every JSON output ({@code
 *     completed}, {@code rolled_back}, {@code needs_attention}, {@code paused}, {@code
 *     paused_on_failure}, {@code preflight_refused}, {@code interrupted}, {@code journal_lost});
 *     only on the run-* events that end or pause a run
 * @param severity {@code info}, {@code warning} or {@code critical}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"schemaVersion", "event", "severity", "text", "runId", "plan", "host",
    "reason", "stage", "at", "outcome"})
public record Notification(Kind event, String text, String runId, String plan, String host,
    String reason, String stage, @JsonSerialize(using = AtMillis.class) Instant at,
    String outcome, Severity severity) {

  /**
   * The version of this body; a new field keeps it, a changed or removed one bumps it. 2: the
   * outcome by its wire name ({@code rolled_back}), an event per way a run ends ({@code
   * run-rolled-back} ...), {@code at} to the millisecond.
   */
  public static final int SCHEMA_VERSION = 2;

  private static final int MAX_LINE = 600;
  private static final ObjectMapper JSON = new ObjectMapper();

  public Notification {
    text = oneLine(text);
    reason = oneLine(reason);
    severity = severity == null ? event.severity() : severity;
  }

  /** A notification of the severity its kind has. */
  public Notification(Kind event, String text, String runId, String plan, String host,
      String reason, String stage, Instant at, String outcome) {
    this(event, text, runId, plan, host, reason, stage, at, outcome, null);
  }

  /** {@code at} on the wire: UTC, to the millisecond. */
  static final class AtMillis extends com.fasterxml.jackson.databind.JsonSerializer<Instant> {
    @Override
    public void serialize(Instant v, com.fasterxml.jackson.core.JsonGenerator g,
        com.fasterxml.jackson.databind.SerializerProvider p) throws java.io.IOException {
      g.writeString(dev.rollout.source.Timestamps.json(v));
    }
  }

  @JsonProperty("schemaVersion")
  public int schemaVersion() {
    return SCHEMA_VERSION;
  }

  /** The JSON body. */
  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a notification is always serialisable", e);
    }
  }

  /** Line breaks and control characters become spaces; a very long line is cut. */
  static String oneLine(String s) {
    if (s == null) {
      return null;
    }
    String line = s.replaceAll("[\\p{Cntrl}\\u2028\\u2029]+", " ").strip();
    return line.length() <= MAX_LINE ? line : line.substring(0, MAX_LINE - 1) + "…";
  }
}
