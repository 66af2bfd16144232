package dev.rollout.source;

import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * A YAML syntax error in an operator's words. The parser's own text ("while parsing a block
 * mapping ... expected <block end>") names its grammar, not the mistake; the common mistakes are
 * recognised and named, anything else keeps the parser's problem and context.
 *
 * @param message what is wrong
 * @param hint how to fix it, or empty
 * @param atContext whether the error is best shown where the construct started (an unclosed quote
 *     or bracket) rather than where the parser gave up
 */
record YamlSyntax(String message, String hint, boolean atContext) {

  static YamlSyntax of(MarkedYAMLException e) {
    String problem = oneLine(e.getProblem());
    String context = oneLine(e.getContext());
    if (problem.contains("\\t") || problem.contains("(TAB)")) {
      return new YamlSyntax("a tab character where YAML expects spaces",
          "indent with spaces only, never tabs", false);
    }
    if (context.contains("quoted scalar")) {
      return new YamlSyntax("the quote opened here is never closed",
          "close the quote on the same value, or escape a quote inside it", true);
    }
    if (context.contains("flow sequence") || context.contains("flow mapping")) {
      String bracket = context.contains("sequence") ? "[" : "{";
      return new YamlSyntax("the " + bracket + " opened here is not closed where expected ("
          + problem + ")", "close it with " + (bracket.equals("[") ? "]" : "}")
          + " and separate items with \", \"", true);
    }
    if (problem.startsWith("mapping values are not allowed")) {
      return new YamlSyntax("a \":\" where no key may start",
          "check this line's indentation, or quote a value that contains \": \"", false);
    }
    if (problem.startsWith("expected <block end>") || context.contains("block mapping")
        || context.contains("block collection")) {
      return new YamlSyntax("this line's indentation does not match the lines above",
          "indent keys of one map, and items of one list, by the same number of spaces", false);
    }
    String text = context.isEmpty() ? problem : problem + " (" + context + ")";
    return new YamlSyntax(text, "", false);
  }

  private static String oneLine(String s) {
    return s == null ? "" : s.replaceAll("\\s+", " ").trim();
  }
}
