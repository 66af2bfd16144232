package dev.rollout.plan;

import dev.rollout.plan.ShellScan.Context;
import dev.rollout.transport.ShellQuote;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Substitution of Rollout's variables ({@code ${host.name}}, {@code ${host.address}}, {@code
 * ${vars.KEY}}, {@code ${run.id}}) into commands and probe targets.
 *
 * <p>Only {@code ${namespace.key}} is Rollout's: the shell's {@code $VAR} and {@code ${VAR}} and
 * Docker's and Go's {@code {{.Field}}} pass through untouched. A value never enters a command's
 * text: the command starts with a preamble of single-quoted assignments that Rollout writes
 * ({@code ROLLOUT_VAR_KEY='value'; export ROLLOUT_VAR_KEY; }), and each reference becomes a
 * reference to that shell variable ({@code "${ROLLOUT_VAR_KEY}"}, without the double quotes where
 * it already stands inside them). The shell expands it to data in every context where it expands
 * variables; the contexts where a shell evaluates a value as code are refused by {@link
 * #refusals}.
 */
public final class Template {

  private static final Pattern REF =
      Pattern.compile("\\$\\{\\s*([A-Za-z_][A-Za-z0-9_]*)\\.([A-Za-z0-9_.-]*)\\s*}");

  /** One {@code ${namespace.key}} reference and its offset in the text. */
  public record Reference(String namespace, String key, int offset) {
    public String text() {
      return "${" + namespace + "." + key + "}";
    }
  }

  /** A reference and the offset just past it. */
  record Span(Reference ref, int end) {}

  /** A position of a command where a reference cannot be made safe. */
  public record Refusal(Reference ref, int offset, String message, String hint) {}

  /** Supplies a value for a reference, already masked when it should be shown masked. */
  @FunctionalInterface
  public interface Values {
    String valueOf(Reference ref);
  }

  /** The longest command with variables that validation checks, in characters. */
  static final int MAX_CHECKED = 16 * 1024;

  private Template() {}

  public static List<Reference> references(String text) {
    return spans(text).stream().map(Span::ref).toList();
  }

  static List<Span> spans(String text) {
    List<Span> out = new ArrayList<>();
    Matcher m = REF.matcher(text);
    while (m.find()) {
      out.add(new Span(new Reference(m.group(1), m.group(2), m.start()), m.end()));
    }
    return out;
  }

  /**
   * The command as it runs: a preamble assigning every value it uses to a shell variable, then
   * the command with each reference turned into a reference to that variable. A command without
   * references is returned as it is.
   */
  public static String command(String text, Values values) {
    List<Span> spans = spans(text);
    if (spans.isEmpty()) {
      return text;
    }
    Map<String, String> names = names(spans);
    Map<Integer, Context> contexts = ShellScan.contexts(text, spans);
    StringBuilder out = new StringBuilder();
    Map<String, Reference> first = new LinkedHashMap<>();
    spans.forEach(s -> first.putIfAbsent(s.ref().text(), s.ref()));
    first.forEach((key, ref) -> out.append(names.get(key)).append('=')
        .append(ShellQuote.quote(values.valueOf(ref))).append("; "));
    out.append("export ").append(String.join(" ", names.values())).append("; ");
    int last = 0;
    for (Span s : spans) {
      String name = names.get(s.ref().text());
      out.append(text, last, s.ref().offset());
      out.append(contexts.get(s.ref().offset()) == Context.QUOTED ? "${" + name + "}"
          : "\"${" + name + "}\"");
      last = s.end();
    }
    return out.append(text.substring(last)).toString();
  }

  /** Substitutes into text that is not a shell command (a URL, an address): no quoting. */
  public static String plain(String text, Values values) {
    StringBuilder out = new StringBuilder();
    int last = 0;
    for (Span s : spans(text)) {
      out.append(text, last, s.ref().offset()).append(values.valueOf(s.ref()));
      last = s.end();
    }
    return out.append(text.substring(last)).toString();
  }

  /**
   * The shell variable that carries a reference's value: {@code ROLLOUT_HOST_NAME}, {@code
   * ROLLOUT_HOST_ADDRESS}, {@code ROLLOUT_RUN_ID}, {@code ROLLOUT_VAR_KEY} (upper case, other
   * characters than letters, digits and {@code _} as {@code _}).
   */
  public static String variableName(Reference ref) {
    String ns = ref.namespace().equals("vars") ? "VAR" : ref.namespace();
    return ("ROLLOUT_" + ns + "_" + ref.key()).toUpperCase(Locale.ROOT)
        .replaceAll("[^A-Z0-9_]", "_");
  }

  /** One distinct variable name per distinct reference: a clash gets a suffix _2, _3, ... */
  private static Map<String, String> names(List<Span> spans) {
    Map<String, String> out = new LinkedHashMap<>();
    Set<String> natural = new HashSet<>();
    spans.forEach(s -> natural.add(variableName(s.ref())));
    Set<String> used = new HashSet<>();
    for (Span s : spans) {
      String key = s.ref().text();
      if (out.containsKey(key)) {
        continue;
      }
      String name = variableName(s.ref());
      for (int n = 2; used.contains(name); n++) {
        String candidate = variableName(s.ref()) + "_" + n;
        name = natural.contains(candidate) ? name : candidate;
      }
      used.add(name);
      out.put(key, name);
    }
    return out;
  }

  /**
   * Every position of {@code text}, a shell command, where a reference cannot be made safe: a
   * reference the shell would not expand (inside single quotes, {@code $'...'} or a quoted
   * here-document), and any construct of the command under which a shell can evaluate a value as
   * code (arithmetic, {@code eval}, inner shells ...). Empty for a command without references.
   */
  public static List<Refusal> refusals(String text) {
    List<Span> spans = spans(text);
    List<Refusal> out = new ArrayList<>();
    if (spans.isEmpty()) {
      return out;
    }
    if (text.length() > MAX_CHECKED) {
      out.add(new Refusal(spans.get(0).ref(), 0, "a command that uses variables is at most "
          + MAX_CHECKED / 1024 + " KiB, this one is " + text.length() / 1024 + " KiB",
          "move the long part into a script on the host and pass it the values as arguments"));
      return out;
    }
    try {
      check(text, spans, out);
    } catch (StackOverflowError e) {
      out.add(new Refusal(spans.get(0).ref(), 0, "the command is too complex to prove that no "
          + "value in it becomes code", "split it into simpler steps"));
    }
    return out;
  }

  private static void check(String text, List<Span> spans, List<Refusal> out) {
    Map<Integer, Context> contexts = ShellScan.contexts(text, spans);
    for (Span s : spans) {
      if (contexts.get(s.ref().offset()) == Context.LITERAL) {
        out.add(new Refusal(s.ref(), s.ref().offset(), s.ref().text() + " stands inside single "
            + "quotes, $'...', an escape or a quoted here-document, where the shell would not "
            + "expand it", "write it outside single quotes: every value reaches the command as "
            + "a quoted shell variable"));
      }
    }
    for (Span s : spans) {
      if (contexts.get(s.ref().offset()) == Context.COMMAND) {
        out.add(new Refusal(s.ref(), s.ref().offset(), s.ref().text() + " stands where a "
            + "command's name is read: its value would choose the program that runs",
            "name the program in the plan and pass values to it as arguments"));
      }
    }
    Reference first = spans.get(0).ref();
    for (ShellSafety.Finding f : ShellSafety.findings(text, spans)) {
      out.add(new Refusal(first, f.offset(), "the command uses " + first.text()
          + (spans.size() > 1 ? " and other variables" : "") + " with " + f.construct()
          + " (character " + (f.offset() + 1) + "): " + f.why(), "keep values out of code: "
          + "pass them as arguments or in a here-string; an inner script goes in single quotes "
          + "with the values after it as \"$1\"..."));
    }
  }
}
