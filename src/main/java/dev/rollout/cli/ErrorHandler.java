package dev.rollout.cli;

import dev.rollout.engine.Masker;
import dev.rollout.source.Suggest;
import dev.rollout.source.Visible;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The one door through which every error leaves a command: one readable error line, a hint whose
 * rollout commands are completed with this command line's {@code -i}, {@code --state} and {@code
 * -F} ({@link GoOn}), an exit code, and with {@code --output json} a JSON error document on stdout
 * ({@link ErrorDocument}). No message names a Java class; a stack trace is printed only with
 * {@code --verbose}, and only for what is not the operator's mistake. Whatever it prints passes
 * through the masker: this is the last gate before stderr and CI logs.
 */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {

  @Override
  public int handleExecutionException(Exception e, CommandLine cl, ParseResult parsed) {
    PrintWriter err = cl.getErr();
    RolloutException re = known(e);
    boolean internal = re == null;
    GoOn goOn = GoOn.of(parsed);
    if (internal) {
      re = new RolloutException(ExitCode.NEEDS_ATTENTION, "internal error: "
          + dev.rollout.transport.Causes.outerMessage(e),
          verbose(parsed) ? "please report it with this output" : "please report it with the "
          + "output of the same command with --verbose");
    }
    report(err, re.getMessage(), goOn.complete(re.hint()));
    if (internal && verbose(parsed)) {
      java.io.StringWriter trace = new java.io.StringWriter();
      e.printStackTrace(new PrintWriter(trace));
      err.print(Visible.text(Masker.ofProcess().mask(trace.toString())));
      err.flush();
    }
    if (json(parsed)) {
      ErrorDocument.print(cl.getOut(), re.exitCode(), re.getMessage(), goOn.complete(re.hint()),
          re.details());
    }
    return re.exitCode().code();
  }

  /** The error as the operator's kind of failure, or null for an internal error (a bug). */
  private static RolloutException known(Exception e) {
    if (e instanceof RolloutException re) {
      return re;
    }
    if (e instanceof dev.rollout.journal.JournalCorrupt jc) {
      return new RolloutException(ExitCode.NEEDS_ATTENTION, jc.getMessage(), "see: rollout "
          + "status; resume and abort take --force");
    }
    if (e instanceof dev.rollout.journal.StoreUnavailable su) {
      return StateOptions.unavailable(su);
    }
    return null;
  }

  /** Whether the command line asked for {@code --output json} (or report's {@code --format}). */
  private static boolean json(ParseResult parsed) {
    for (ParseResult p = parsed; p != null; p = p.subcommand()) {
      for (String option : new String[] {"--output", "--format"}) {
        if (p.hasMatchedOption(option)
            && "json".equalsIgnoreCase(String.valueOf(p.matchedOptionValue(option, "")))) {
          return true;
        }
      }
    }
    return false;
  }

  /** The same, for a command line picocli could not parse: from the words as typed. */
  static boolean json(String[] args) {
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      boolean named = a.equals("--output") || a.equals("-o") || a.equals("--format");
      if (named && i + 1 < args.length && args[i + 1].equalsIgnoreCase("json")) {
        return true;
      }
      if (a.equalsIgnoreCase("--output=json") || a.equalsIgnoreCase("--format=json")
          || a.equalsIgnoreCase("-ojson")
          || a.equalsIgnoreCase("-o=json")) {
        return true;
      }
    }
    return false;
  }

  /**
   * A command line picocli cannot parse: one error line, and a hint with the closest subcommand or
   * option when the operator mistyped one. picocli's own suggestions are not used: for an option
   * they offer only names sharing its first two letters, so {@code --yse} finds nothing, and for a
   * subcommand every name sharing a pair of letters, so {@code aply} also offers {@code plan}.
   */
  static int onParameterError(ParameterException e, String[] args) {
    CommandLine cl = e.getCommandLine();
    String message = e.getMessage();
    String hint = "see: " + cl.getCommandSpec().qualifiedName() + " --help";
    if (e instanceof UnmatchedArgumentException unmatched && !unmatched.getUnmatched().isEmpty()) {
      if (unknownSubcommand(unmatched)) {
        message = "Unknown subcommand '" + unmatched.getUnmatched().get(0) + "'";
      }
      Optional<String> meant = meant(unmatched);
      if (meant.isPresent()) {
        hint = "did you mean \"" + meant.get() + "\"? (" + hint + ")";
      }
    }
    report(cl.getErr(), message, hint);
    if (json(args)) {
      ErrorDocument.print(cl.getOut(), ExitCode.INVALID_INPUT, message, hint, Map.of());
    }
    return ExitCode.INVALID_INPUT.code();
  }

  /**
   * Prints the error line and its hint, every secret this process knows masked and control
   * characters (a value quoted from a plan, a word typed on the command line) made visible.
   */
  static void report(PrintWriter err, String message, String hint) {
    Masker masker = Masker.ofProcess();
    err.println("rollout: error: " + Visible.line(masker.mask(message)));
    if (hint != null && !hint.isEmpty()) {
      err.println("  hint: " + Visible.line(masker.mask(hint)));
    }
    err.flush();
  }

  /** Whether the first unmatched word stands where a subcommand's name belongs. */
  private static boolean unknownSubcommand(UnmatchedArgumentException e) {
    CommandSpec spec = e.getCommandLine().getCommandSpec();
    return !e.isUnknownOption() && !spec.subcommands().isEmpty()
        && spec.positionalParameters().isEmpty();
  }

  /**
   * The visible long option or subcommand closest to the first unmatched word, if it is a typo.
   * Short options are left out: one letter is no basis for a guess, and {@code -y} would otherwise
   * be as close to {@code --yse} as {@code --yes} is.
   */
  private static Optional<String> meant(UnmatchedArgumentException e) {
    CommandSpec spec = e.getCommandLine().getCommandSpec();
    String typed = e.getUnmatched().get(0);
    if (e.isUnknownOption()) {
      Map<String, String> names = new LinkedHashMap<>();
      spec.options().stream().filter(o -> !o.hidden()).flatMap(o -> Stream.of(o.names()))
          .filter(n -> n.startsWith("--")).forEach(n -> names.put(n.substring(2), n));
      String word = typed.split("=", 2)[0].replaceFirst("^-+", "");
      return Suggest.closest(word, names.keySet()).map(names::get);
    }
    if (unknownSubcommand(e)) {
      return Suggest.closest(typed, spec.subcommands().entrySet().stream()
              .filter(s -> !s.getValue().getCommandSpec().usageMessage().hidden())
              .map(Map.Entry::getKey).toList())
          .map(name -> spec.qualifiedName() + " " + name);
    }
    return Optional.empty();
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
