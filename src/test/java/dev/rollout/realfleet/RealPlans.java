package dev.rollout.realfleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Set;

/**
 * A bundled plan as it is, on test time: its preflight, change, verify, rollback and probes
 * unchanged, its soaks, watch and probe interval shortened to fractions of a second, and what
 * needs the operator's own world dropped (the webhook, {@code local} probes that run the
 * operator's test suite).
 */
final class RealPlans {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private RealPlans() {}

  /** {@code plans/NAME.yml} on test time. */
  static ObjectNode onTestTime(String name) {
    try {
      ObjectNode plan = (ObjectNode) YAML.readTree(Path.of("plans", name + ".yml").toFile());
      ObjectNode strategy = (ObjectNode) plan.get("strategy");
      strategy.put("soak", "1s");
      if (strategy.has("waveSoak")) {
        strategy.put("waveSoak", "300ms");
      }
      if (strategy.has("watch")) {
        strategy.put("watch", "1s");
      }
      ObjectNode health = (ObjectNode) plan.get("health");
      health.put("interval", "200ms");
      Iterator<JsonNode> probes = health.get("probes").iterator();
      while (probes.hasNext()) {
        if (probes.next().has("local")) {
          probes.remove();
        }
      }
      plan.remove("notify");
      return plan;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Removes the steps named {@code names} from {@code section} (change, verify, ...). */
  static ObjectNode without(ObjectNode plan, String section, Set<String> names) {
    Iterator<JsonNode> steps = ((ArrayNode) plan.get(section)).iterator();
    while (steps.hasNext()) {
      if (names.contains(steps.next().path("name").asText())) {
        steps.remove();
      }
    }
    return plan;
  }

  static Path write(ObjectNode plan, Path file) {
    try {
      Files.writeString(file, YAML.writeValueAsString(plan));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
