package dev.rollout.source;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A YAML value with its position and its path in the document ({@code strategy.waves[1]}). */
public sealed interface Node {

  Position position();

  /** The path from the document root, for messages. Empty for the root. */
  String path();

  /** What the value is, in an operator's words: "a map", "a list", "a string". */
  String kindName();

  /** A mapping. Keys keep their order; duplicate keys were reported while loading. */
  record MapNode(Position position, String path, Map<String, Entry> entries) implements Node {
    public MapNode {
      entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
    }

    public Node get(String key) {
      Entry e = entries.get(key);
      return e == null ? null : e.value();
    }

    @Override
    public String kindName() {
      return "a map";
    }
  }

  /** One key of a mapping, with the key's own position. */
  record Entry(String key, Position keyPosition, Node value) {}

  /** A sequence. */
  record ListNode(Position position, String path, List<Node> items) implements Node {
    public ListNode {
      items = List.copyOf(items);
    }

    @Override
    public String kindName() {
      return "a list";
    }
  }

  /**
   * A scalar: its text as written, and whether YAML typed it as a string (quoted or plain text), a
   * number, a boolean or null.
   */
  record Scalar(Position position, String path, String text, ScalarType type) implements Node {
    @Override
    public String kindName() {
      return switch (type) {
        case STRING -> "a string";
        case INTEGER, DECIMAL -> "a number";
        case BOOLEAN -> "true/false";
        case NULL -> "nothing (null)";
      };
    }
  }

  /** The YAML type of a scalar. */
  enum ScalarType {
    STRING,
    INTEGER,
    DECIMAL,
    BOOLEAN,
    NULL
  }
}
