package dev.rollout.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** One run of the command line through picocli, with what it printed. */
record Cli(int code, String out, String err) {

  static Cli run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Cli(code, out.toString(), err.toString());
  }
}
