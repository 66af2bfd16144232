package dev.rollout.source;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.rollout.source.Node.Entry;
import dev.rollout.source.Node.ListNode;
import dev.rollout.source.Node.MapNode;
import dev.rollout.source.Node.Scalar;
import dev.rollout.source.Node.ScalarType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads YAML text into a {@link Node} tree with positions. Syntax errors and duplicate keys are
 * reported as problems; the result is null when the text could not be read at all.
 */
public final class YamlLoader {

  private static final YAMLFactory FACTORY = new YAMLFactory();

  private final String file;
  private final Problems problems;

  public YamlLoader(String file, Problems problems) {
    this.file = file;
    this.problems = problems;
  }

  /** The root node, or null after a syntax error (already reported) or for an empty document. */
  public Node load(String text) {
    try (JsonParser p = FACTORY.createParser(text)) {
      JsonToken first = p.nextToken();
      if (first == null) {
        problems.add(new Position(file, 1, 1), "", "the file is empty", "");
        return null;
      }
      Node root = read(p, "");
      if (p.nextToken() != null) {
        problems.add(position(p.currentTokenLocation()), "", "the file holds more than one YAML "
            + "document", "remove the \"---\" line and everything after it, or merge them");
      }
      return root;
    } catch (JsonProcessingException e) {
      syntaxError(e);
      return null;
    } catch (IOException e) {
      problems.add(new Position(file, 1, 1), "", "cannot read: " + e.getMessage(), "");
      return null;
    }
  }

  private Node read(JsonParser p, String path) throws IOException {
    Position at = position(p.currentTokenLocation());
    JsonToken t = p.currentToken();
    if (p instanceof YAMLParser y && y.isCurrentAlias()) {
      throw new JsonParseException(p, "YAML aliases (*" + p.getText() + ") are not supported; "
          + "write the value out in full", p.currentTokenLocation());
    }
    if (t == JsonToken.START_OBJECT) {
      return readMap(p, path, at);
    }
    if (t == JsonToken.START_ARRAY) {
      List<Node> items = new ArrayList<>();
      while (p.nextToken() != JsonToken.END_ARRAY) {
        items.add(read(p, path + "[" + items.size() + "]"));
      }
      return new ListNode(at, path, items);
    }
    return new Scalar(at, path, t == JsonToken.VALUE_NULL ? "" : p.getText(), type(t));
  }

  private MapNode readMap(JsonParser p, String path, Position at) throws IOException {
    Map<String, Entry> entries = new LinkedHashMap<>();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String key = p.currentName();
      Position keyAt = position(p.currentTokenLocation());
      String childPath = path.isEmpty() ? key : path + "." + key;
      p.nextToken();
      Node value = read(p, childPath);
      if (entries.containsKey(key)) {
        Position first = entries.get(key).keyPosition();
        problems.add(
            keyAt,
            childPath,
            "duplicate key \"" + key + "\"",
            "first defined at line " + first.line() + "; keep one");
      } else {
        entries.put(key, new Entry(key, keyAt, value));
      }
    }
    return new MapNode(at, path, entries);
  }

  private static ScalarType type(JsonToken t) {
    return switch (t) {
      case VALUE_NUMBER_INT -> ScalarType.INTEGER;
      case VALUE_NUMBER_FLOAT -> ScalarType.DECIMAL;
      case VALUE_TRUE, VALUE_FALSE -> ScalarType.BOOLEAN;
      case VALUE_NULL -> ScalarType.NULL;
      default -> ScalarType.STRING;
    };
  }

  private Position position(JsonLocation loc) {
    if (loc == null || loc.getLineNr() < 1) {
      return new Position(file, 1, 1);
    }
    return new Position(file, loc.getLineNr(), Math.max(1, loc.getColumnNr()));
  }

  private void syntaxError(JsonProcessingException e) {
    if (e.getCause() instanceof MarkedYAMLException m && m.getProblemMark() != null) {
      YamlSyntax s = YamlSyntax.of(m);
      Mark at = s.atContext() && m.getContextMark() != null ? m.getContextMark()
          : m.getProblemMark();
      problems.add(new Position(file, at.getLine() + 1, at.getColumn() + 1), "",
          "YAML syntax error: " + s.message(), s.hint());
      return;
    }
    problems.add(position(e.getLocation()), "", "YAML syntax error: " + firstLine(e), "");
  }

  private static String firstLine(JsonProcessingException e) {
    String m = e.getOriginalMessage();
    if (m == null) {
      return "unreadable YAML";
    }
    String line = m.lines().filter(l -> !l.isBlank()).findFirst().orElse(m).trim();
    if (line.startsWith("Expected a field name")) {
      return "a map key must be plain text, not a list or a map";
    }
    return line.replaceAll("\\s+", " ");
  }
}
