package dev.rollout.realfleet;

import dev.rollout.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

/** Rollout's command line, in this JVM. */
final class Rollout {

  record Result(int code, String out, String err) {
    @Override
    public String toString() {
      return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }

    /** The run id that {@code apply} printed. */
    String runId() {
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("Run (\\d{8}-\\d{9}-[0-9a-f]{4})")
          .matcher(out + err);
      if (!m.find()) {
        throw new AssertionError("no run id in " + this);
      }
      return m.group(1);
    }
  }

  private Rollout() {}

  static Result run(String... args) {
    List<String> all = List.of(args);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(all.toArray(String[]::new), new PrintWriter(out, true),
        new PrintWriter(err, true));
    return new Result(code, out.toString(), err.toString());
  }
}
