package dev.rollout.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * Makes every "go on with" command in a hint one that can be pasted: {@code rollout resume} gains
 * the run id when the text left it out, and every command gains the {@code -i FILE}, {@code
 * --state DIR|URL} and {@code -F FILE} given on this command line (those the command takes),
 * shell-quoted where needed. Nothing is added that was not typed: a default is a default on the
 * next command too.
 */
final class GoOn {

  /** An empty completion: the options of no command line. */
  static final GoOn NONE = new GoOn(null, null, null, null);

  private static final Pattern RUN_COMMAND = Pattern.compile("\\brollout (resume|promote|abort|"
      + "status|report|wait)\\b(?: (?![-|`])([^\\s;,.()|`]+))?");
  private static final Pattern PLAN_COMMAND = Pattern.compile(
      "\\brollout (validate|plan|apply) (?!PLAN\\b)([^\\s;,()`]+)");
  private static final Pattern HISTORY = Pattern.compile("\\brollout history\\b");
  private static final Pattern BARE = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");
  private static final Set<String> TAKE_F = Set.of("resume", "promote", "abort", "validate",
      "plan", "apply");

  private final String inventory;
  private final String state;
  private final String sshConfig;
  private final String runId;

  private GoOn(String inventory, String state, String sshConfig, String runId) {
    this.inventory = inventory;
    this.state = state;
    this.sshConfig = sshConfig;
    this.runId = runId;
  }

  /** The options of the innermost command of {@code parsed} (null: none). */
  static GoOn of(ParseResult parsed) {
    ParseResult p = parsed;
    while (p != null && p.hasSubcommand()) {
      p = p.subcommand();
    }
    return p == null ? NONE : new GoOn(typed(p, "-i"), typed(p, "--state"), typed(p, "-F"),
        null);
  }

  /** The same options, for hints about run {@code id} (filled in where a hint names no run). */
  GoOn run(String id) {
    return new GoOn(inventory, state, sshConfig, id);
  }

  /** {@code rollout VERB RUN} with this command line's options. */
  String command(String verb, String run) {
    return "rollout " + verb + " " + run + options(verb);
  }

  /** {@code text} with each rollout command in it completed. */
  String complete(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String t = replace(RUN_COMMAND, text, m -> {
      String id = m.group(2) == null || m.group(2).equals("RUN") ? runId : m.group(2);
      String named = id == null ? (m.group(2) == null ? "" : " " + m.group(2)) : " " + id;
      return "rollout " + m.group(1) + named + options(m.group(1));
    });
    t = replace(PLAN_COMMAND, t, m -> m.group(0) + options(m.group(1)));
    return replace(HISTORY, t, m -> m.group(0) + options("history"));
  }

  private String options(String verb) {
    List<String> words = new ArrayList<>();
    if (inventory != null) {
      words.add("-i " + quoted(inventory));
    }
    if (state != null && !Set.of("validate", "plan").contains(verb)) {
      words.add("--state " + quoted(state));
    }
    if (sshConfig != null && TAKE_F.contains(verb)) {
      words.add("-F " + quoted(sshConfig));
    }
    return words.isEmpty() ? "" : " " + String.join(" ", words);
  }

  private static String quoted(String value) {
    return BARE.matcher(value).matches() ? value
        : dev.rollout.transport.ShellQuote.quote(value);
  }

  private static String typed(ParseResult p, String name) {
    OptionSpec o = p.matchedOption(name);
    return o == null || o.originalStringValues().isEmpty() ? null
        : o.originalStringValues().get(o.originalStringValues().size() - 1);
  }

  private static String replace(Pattern p, String text,
      java.util.function.Function<Matcher, String> by) {
    Matcher m = p.matcher(text);
    StringBuilder b = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(b, Matcher.quoteReplacement(by.apply(m)));
    }
    m.appendTail(b);
    return b.toString();
  }
}
