package dev.rollout.cli;

import picocli.CommandLine.Option;

/** {@code --output text|json} and {@code --verbose}. */
final class OutputOptions {

  /** The output formats. */
  enum Format {
    TEXT,
    JSON
  }

  @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text",
      completionCandidates = Completions.Output.class,
      description = "text, or json: a stable document for CI (default: ${DEFAULT-VALUE}).")
  Format format;

  @Option(names = "--verbose", description = "Show stack traces of internal errors.")
  boolean verbose;

  boolean json() {
    return format == Format.JSON;
  }
}
