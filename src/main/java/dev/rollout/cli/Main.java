package dev.rollout.cli;

import dev.rollout.source.Visible;
import java.io.PrintWriter;
import picocli.CommandLine;

/** Entry point: runs the command line and exits with its code. */
public final class Main {

  private Main() {}

  public static void main(String[] args) {
    Thread.setDefaultUncaughtExceptionHandler((t, e) -> uncaught(t, e, System.err));
    int code = run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
    ProcessExit.mainReturned(code);
    System.exit(code);
  }

  /**
   * A thread that dies of an exception nothing caught: one line on stderr, through the masker like
   * every other message that leaves the process, instead of the JVM's unmasked stack trace.
   */
  static void uncaught(Thread t, Throwable e, java.io.PrintStream err) {
    String what = dev.rollout.transport.Causes.outerMessage(e);
    err.println("rollout: error: internal error on thread " + Visible.line(t.getName())
        + ": " + Visible.line(dev.rollout.engine.Masker.ofProcess().mask(what)));
  }

  /** Runs one command line with the given streams; returns the exit code. */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cl = commandLine(out, err);
    return cl.execute(args);
  }

  static CommandLine commandLine(PrintWriter out, PrintWriter err) {
    CommandLine cl = new CommandLine(new RolloutCommand());
    cl.setOut(out);
    cl.setErr(err);
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    EnumValues.register(cl);
    cl.setExecutionExceptionHandler(new ErrorHandler());
    cl.setParameterExceptionHandler(ErrorHandler::onParameterError);
    layOut(cl);
    return cl;
  }

  /** Every command: a blank line between its purpose and usage, and the version of rollout. */
  private static void layOut(CommandLine cl) {
    if (cl.getCommandSpec().usageMessage().header().length > 0) {
      cl.getCommandSpec().usageMessage().synopsisHeading("%nUsage: ");
    }
    cl.getCommandSpec().versionProvider(new RolloutVersion());
    cl.getSubcommands().values().forEach(Main::layOut);
  }
}
