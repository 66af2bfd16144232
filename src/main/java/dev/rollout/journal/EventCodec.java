package dev.rollout.journal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.rollout.engine.Event;
import com.fasterxml.jackson.databind.ObjectReader;
import java.util.HashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Map;

/**
 * One event as one line of JSON: {@code {"type":"HostStateChanged","at":"...",...}}. Durations and
 * instants are ISO-8601 text, so a journal reads well with {@code jq}.
 */
public final class EventCodec {

  static final ObjectMapper MAPPER = new ObjectMapper()
      .registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private static final Map<String, Class<?>> TYPES = new HashMap<>();
  private static final Map<Class<?>, ObjectReader> READERS = new ConcurrentHashMap<>();

  static {
    for (Class<?> c : Event.class.getPermittedSubclasses()) {
      TYPES.put(c.getSimpleName(), c);
    }
  }

  private EventCodec() {}

  public static String encode(Event e) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("type", e.getClass().getSimpleName());
    node.setAll((ObjectNode) MAPPER.valueToTree(e));
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException ex) {
      throw new IllegalStateException("cannot encode " + e, ex);
    }
  }

  /** Decodes one line; throws {@link IllegalArgumentException} for a line that is not an event. */
  public static Event decode(String line) {
    Class<?> fast = typeAtStart(line);
    if (fast != null) {
      try {
        return (Event) READERS.computeIfAbsent(fast, MAPPER::readerFor).readValue(line);
      } catch (JsonProcessingException | ClassCastException e) {
        throw new IllegalArgumentException("unreadable journal line: " + abbreviate(line), e);
      }
    }
    try {
      JsonNode node = MAPPER.readTree(line);
      Class<?> type = node == null ? null : TYPES.get(node.path("type").asText());
      if (type == null) {
        throw new IllegalArgumentException("not a journal event: " + abbreviate(line));
      }
      ((ObjectNode) node).remove("type");
      return (Event) MAPPER.treeToValue(node, type);
    } catch (JsonProcessingException | ClassCastException e) {
      throw new IllegalArgumentException("unreadable journal line: " + abbreviate(line), e);
    }
  }

  /**
   * The type of a line as {@link #encode} writes it ({@code {"type":"X",...}}), read without
   * building a tree: a long run's journal replays in a fraction of the time. Null for any other
   * layout, which takes the slower, general path.
   */
  private static Class<?> typeAtStart(String line) {
    String prefix = "{\"type\":\"";
    if (!line.startsWith(prefix)) {
      return null;
    }
    int end = line.indexOf('"', prefix.length());
    return end < 0 ? null : TYPES.get(line.substring(prefix.length(), end));
  }

  private static String abbreviate(String s) {
    return s.length() > 80 ? s.substring(0, 80) + "..." : s;
  }
}
