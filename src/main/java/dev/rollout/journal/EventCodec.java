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
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Map;

/**
 * One event as one line of JSON: {@code {"type":"HostStateChanged","prev":"9f86...","at":"...",
 * ...}}. Durations and instants are ISO-8601 text, so a journal reads well with {@code jq}. {@code
 * prev} chains the lines: the SHA-256, in lower-case hex, of the bytes of the line before (of no
 * bytes at all for the first line). Lines written before the chain have no {@code prev}.
 */
public final class EventCodec {

  static final ObjectMapper MAPPER = new ObjectMapper()
      .registerModule(new JavaTimeModule())
      .registerModule(JournalTimes.module())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  /** One digest per thread: looking the algorithm up costs more than hashing a short line. */
  private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  });

  /** The {@code prev} of a journal's first line: the hash of no bytes. */
  public static final String FIRST_PREV = hash(new byte[0]);

  /** A line as read: its event, and the hash of the line before that it carries, or null. */
  public record Decoded(Event event, String prev) {}

  private static final Map<String, Class<?>> TYPES = new HashMap<>();
  private static final Map<Class<?>, ObjectReader> READERS = new ConcurrentHashMap<>();

  static {
    for (Class<?> c : Event.class.getPermittedSubclasses()) {
      TYPES.put(c.getSimpleName(), c);
      for (var component : c.isRecord() ? c.getRecordComponents()
          : new java.lang.reflect.RecordComponent[0]) {
        if (component.getName().equals("type") || component.getName().equals("prev")) {
          throw new IllegalStateException(c.getSimpleName() + " has a component named "
              + component.getName() + ", which its journal line keeps for itself");
        }
      }
    }
  }

  private EventCodec() {}

  /** The line of {@code e} without a chain link, as journals were written before the chain. */
  public static String encode(Event e) {
    return encode(e, null);
  }

  /**
   * The line of {@code e}, following the line whose hash is {@code prev} (null: no link): the
   * event's own JSON object with {@code type} and {@code prev} put first, where {@link
   * #decodeLine} finds them without a tree. Written straight from the event (no tree of it built
   * first): every event of a run is encoded once, under the journal's lock.
   */
  public static String encode(Event e, String prev) {
    String body;
    try {
      body = MAPPER.writeValueAsString(e);
    } catch (JsonProcessingException ex) {
      throw new IllegalStateException("cannot encode " + e, ex);
    }
    StringBuilder line = new StringBuilder(body.length() + 96).append("{\"type\":\"")
        .append(e.getClass().getSimpleName()).append('"');
    if (prev != null) {
      line.append(",\"prev\":\"").append(prev).append('"');
    }
    return (body.length() > 2 ? line.append(',').append(body, 1, body.length())
        : line.append('}')).toString();
  }

  /** Decodes one line; throws {@link IllegalArgumentException} for a line that is not an event. */
  public static Event decode(String line) {
    return decodeLine(line).event();
  }

  /**
   * Decodes one stored line (its bytes without the line end) with its chain link; throws {@link
   * IllegalArgumentException} for a line that is not an event, {@link CharacterCodingException}
   * for one that is not UTF-8. A line of ASCII, as Rollout writes nearly every line, is parsed
   * from its bytes: no decoding into characters and back.
   */
  static Decoded decodeLine(byte[] bytes) throws CharacterCodingException {
    if (!ascii(bytes)) {
      return decodeLine(StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes))
          .toString());
    }
    String line = new String(bytes, StandardCharsets.ISO_8859_1);
    Decoded fast = fast(line, bytes);
    return fast != null ? fast : general(line);
  }

  /**
   * Decodes one line with its chain link; throws {@link IllegalArgumentException} for a line
   * that is not an event.
   */
  public static Decoded decodeLine(String line) {
    Decoded fast = fast(line, null);
    return fast != null ? fast : general(line);
  }

  private static boolean ascii(byte[] bytes) {
    for (byte b : bytes) {
      if (b < 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * A line laid out as {@link #encode} writes it, read straight into its type (from {@code
   * bytes} when given, which hold the same ASCII text); null for any other layout.
   */
  private static Decoded fast(String line, byte[] bytes) {
    Class<?> fast = typeAtStart(line);
    String prev = fast == null ? null : prevAfterType(line);
    if (fast == null || (prev == null && line.contains("\"prev\""))) {
      return null;
    }
    ObjectReader reader = READERS.computeIfAbsent(fast, MAPPER::readerFor);
    try {
      return new Decoded((Event) (bytes != null ? reader.readValue(bytes)
          : reader.readValue(line)), prev);
    } catch (IOException | ClassCastException e) {
      throw new IllegalArgumentException("unreadable journal line: " + abbreviate(line), e);
    }
  }

  /** Any other layout: through a tree, which finds the type and the link wherever they are. */
  private static Decoded general(String line) {
    try {
      JsonNode node = MAPPER.readTree(line);
      Class<?> type = node == null ? null : TYPES.get(node.path("type").asText());
      if (type == null) {
        throw new IllegalArgumentException("not a journal event: " + abbreviate(line));
      }
      JsonNode link = ((ObjectNode) node).remove("prev");
      ((ObjectNode) node).remove("type");
      return new Decoded((Event) MAPPER.treeToValue(node, type), link == null ? null
          : link.asText());
    } catch (JsonProcessingException | ClassCastException e) {
      throw new IllegalArgumentException("unreadable journal line: " + abbreviate(line), e);
    }
  }

  /** The SHA-256 of {@code bytes}, in lower-case hex: the link the next line carries. */
  public static String hash(byte[] bytes) {
    MessageDigest sha = SHA256.get();
    sha.reset();
    return HexFormat.of().formatHex(sha.digest(bytes));
  }

  /** The {@code prev} right after the type, where {@link #encode} puts it; else null. */
  private static String prevAfterType(String line) {
    int at = line.indexOf('"', "{\"type\":\"".length()) + 1;
    String key = ",\"prev\":\"";
    int end = at + key.length() + 64;
    if (!line.startsWith(key, at) || line.length() <= end || line.charAt(end) != '"') {
      return null;
    }
    return line.substring(at + key.length(), end);
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
