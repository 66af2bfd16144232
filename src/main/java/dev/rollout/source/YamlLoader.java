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
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads YAML text into a {@link Node} tree with positions. Syntax errors and duplicate keys are
 * reported as problems; the result is null when the text could not be read at all. A file must be
 * UTF-8 ({@link #text(byte[])}), and no value or key may hold a NUL character: neither can reach
 * a command on a host intact, so both are refused here, with their position.
 */
public final class YamlLoader {

  private static final YAMLFactory FACTORY = new YAMLFactory();

  private final String file;
  private final Problems problems;

  public YamlLoader(String file, Problems problems) {
    this.file = file;
    this.problems = problems;
  }

  /**
   * The file's text; null, and a problem naming line, column and byte offset of the first byte
   * that is not UTF-8, when it is not UTF-8. Never replaces a byte with U+FFFD.
   */
  public String text(byte[] bytes) {
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length);
    CoderResult result = decoder.decode(in, out, true);
    if (!result.isError()) {
      result = decoder.flush(out);
    }
    out.flip();
    if (result.isError()) {
      notUtf8(out.toString(), in.position(), bytes[in.position()]);
      return null;
    }
    return out.toString();
  }

  private void notUtf8(String before, int offset, byte b) {
    int lineStart = before.lastIndexOf('\n') + 1;
    int line = (int) before.chars().filter(c -> c == '\n').count() + 1;
    int column = before.codePointCount(lineStart, before.length()) + 1;
    problems.add(new Position(file, line, column), "", String.format("the file is not UTF-8: "
        + "byte 0x%02X at byte offset %d is not valid UTF-8", b & 0xff, offset), "save the "
        + "file as UTF-8, for example: iconv -f latin1 -t utf-8 FILE");
  }

  /** The root node, or null after a syntax error (already reported) or for an empty document. */
  public Node load(String text) {
    if (controlCharacter(text)) {
      return null;
    }
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

  /**
   * YAML allows no raw control character but tab and line ends; the parser says so without a
   * position, so the first one is found and reported here with its line and column.
   */
  private boolean controlCharacter(String text) {
    int line = 1;
    int lineStart = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\n') {
        line++;
        lineStart = i + 1;
      } else if (c < 0x20 && c != '\t' && c != '\r' || c == 0x7f || c >= 0x80 && c < 0xa0
          && c != 0x85) {
        int column = text.codePointCount(lineStart, i) + 1;
        problems.add(new Position(file, line, column), "", String.format("a control character "
            + "(U+%04X) in the file, where YAML allows none", (int) c), "remove it; a NUL is "
            + "refused in every value, other control characters may be written as escapes in a "
            + "double-quoted value");
        return true;
      }
    }
    return false;
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
    String text = t == JsonToken.VALUE_NULL ? "" : p.getText();
    noNul(at, path, text, "value");
    return new Scalar(at, path, text, type(t));
  }

  private MapNode readMap(JsonParser p, String path, Position at) throws IOException {
    Map<String, Entry> entries = new LinkedHashMap<>();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String key = p.currentName();
      Position keyAt = position(p.currentTokenLocation());
      String childPath = path.isEmpty() ? key : path + "." + key;
      noNul(keyAt, childPath, key, "key");
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

  /** A NUL cannot be sent to a host: SSH and shells cut a command or value at it. */
  private void noNul(Position at, String path, String text, String what) {
    int nul = text.indexOf('\0');
    if (nul >= 0) {
      problems.add(at, path, "a NUL character in a " + what + " (character " + (nul + 1)
          + " of it)", "remove it: a NUL cannot reach a command on a host");
    }
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
