package dev.rollout.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rollout.engine.Masker;
import dev.rollout.engine.Wire;
import dev.rollout.source.Problem;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code --output json} prints on stdout when a command ends on an error, whatever the
 * command: one JSON object on one line (so that it also ends a JSON Lines stream), {@code
 * {"schemaVersion":1,"kind":"error","exitCode":4,"error":"locked","message":...,"hint":...}} and
 * the error's details (such as {@code problems} or {@code lock}). It passes through the masker,
 * as stderr does.
 */
final class ErrorDocument {

  private ErrorDocument() {}

  static void print(PrintWriter out, ExitCode code, String message, String hint,
      Map<String, Object> details) {
    ObjectNode doc = Json.mapper().createObjectNode();
    doc.put("schemaVersion", 1);
    doc.put("kind", "error");
    doc.put("exitCode", code.code());
    doc.put("error", Wire.name(code));
    doc.put("message", message);
    if (hint != null && !hint.isEmpty()) {
      doc.put("hint", hint);
    }
    details.forEach((k, v) -> doc.set(k, Json.mapper().valueToTree(v)));
    synchronized (out) {
      out.println(Masker.ofProcess().mask(Json.line(doc)));
      out.flush();
    }
  }

  /** Validation problems as JSON: where (file, line, column, path), what, and a hint. */
  static List<Map<String, Object>> problems(List<Problem> problems) {
    return problems.stream().map(ErrorDocument::problem).toList();
  }

  private static Map<String, Object> problem(Problem p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("file", p.position().file());
    m.put("line", p.position().line());
    m.put("column", p.position().column());
    m.put("path", p.path());
    m.put("message", p.message());
    m.put("hint", p.hint());
    m.put("text", p.format());
    return m;
  }
}
