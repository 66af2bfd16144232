package dev.rollout.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import dev.rollout.engine.Wire;
import dev.rollout.source.Timestamps;
import java.io.IOException;
import java.time.Instant;

/**
 * The JSON documents the commands print: indented, nulls left out, every enum constant by its
 * {@link Wire} name ({@code rolled_back}) and every instant to the millisecond in UTC.
 */
final class Json {

  private static final ObjectMapper MAPPER = new ObjectMapper()
      .registerModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
      .registerModule(vocabulary())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
      .enable(SerializationFeature.INDENT_OUTPUT)
      .setSerializationInclusion(JsonInclude.Include.NON_NULL);

  private Json() {}

  static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON for " + value.getClass(), e);
    }
  }

  /** On one line: for JSON Lines. */
  static String line(Object value) {
    try {
      return MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT)
          .writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON for " + value.getClass(), e);
    }
  }

  static ObjectMapper mapper() {
    return MAPPER;
  }

  @SuppressWarnings({"rawtypes", "unchecked"})
  private static SimpleModule vocabulary() {
    SimpleModule m = new SimpleModule("rollout-vocabulary");
    m.addSerializer((Class) Enum.class, new JsonSerializer<Enum<?>>() {
      @Override
      public void serialize(Enum<?> v, JsonGenerator g, SerializerProvider p) throws IOException {
        g.writeString(Wire.name(v));
      }
    });
    m.addSerializer(Instant.class, new JsonSerializer<Instant>() {
      @Override
      public void serialize(Instant v, JsonGenerator g, SerializerProvider p) throws IOException {
        g.writeString(Timestamps.json(v));
      }
    });
    return m;
  }
}
