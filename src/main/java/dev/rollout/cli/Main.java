package dev.rollout.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/** Entry point: runs the command line and exits with its code. */
public final class Main {

  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
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
