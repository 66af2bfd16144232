package dev.rollout.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Turns exceptions into one readable error line, a hint and an exit code. A stack trace is printed
 * only with {@code --verbose}, and only for what is not the operator's mistake.
 */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {

  @Override
  public int handleExecutionException(Exception e, CommandLine cl, ParseResult parsed) {
    PrintWriter err = cl.getErr();
    if (e instanceof RolloutException re) {
      report(err, re.getMessage(), re.hint());
      return re.exitCode().code();
    }
    if (e instanceof dev.rollout.journal.StoreUnavailable su) {
      RolloutException re = StateOptions.unavailable(su);
      report(err, re.getMessage(), re.hint());
      return re.exitCode().code();
    }
    report(err, "internal error: " + e, "please report it with the output of --verbose");
    if (verbose(parsed)) {
      e.printStackTrace(err);
    }
    return ExitCode.NEEDS_ATTENTION.code();
  }

  static int onParameterError(ParameterException e, String[] args) {
    CommandLine cl = e.getCommandLine();
    report(cl.getErr(), e.getMessage(), "see: " + cl.getCommandSpec().qualifiedName() + " --help");
    return ExitCode.INVALID_INPUT.code();
  }

  static void report(PrintWriter err, String message, String hint) {
    err.println("rollout: error: " + message);
    if (hint != null && !hint.isEmpty()) {
      err.println("  hint: " + hint);
    }
    err.flush();
  }

  private static boolean verbose(ParseResult parsed) {
    for (ParseResult p = parsed; p != null; p = p.subcommand()) {
      if (p.hasMatchedOption("--verbose")) {
        return true;
      }
    }
    return false;
  }
}
