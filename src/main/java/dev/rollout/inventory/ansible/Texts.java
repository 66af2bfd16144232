package dev.rollout.inventory.ansible;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;

/** A typed value as text for Rollout's {@code vars}: lists and maps as JSON, null as empty. */
public final class Texts {

  private static final ObjectMapper JSON = new ObjectMapper();

  private Texts() {}

  public static String of(Object v) {
    if (v == null) {
      return "";
    }
    if (v instanceof List<?> || v instanceof Map<?, ?>) {
      try {
        return JSON.writeValueAsString(v);
      } catch (JsonProcessingException e) {
        return String.valueOf(v);
      }
    }
    return String.valueOf(v);
  }
}
