package dev.rollout.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Substitution of Rollout's variables ({@code ${host.name}}, {@code ${host.address}}, {@code
 * ${vars.KEY}}, {@code ${run.id}}) into commands and probe targets.
 *
 * <p>Only {@code ${namespace.key}} is Rollout's: the shell's {@code $VAR} and {@code ${VAR}} and
 * Docker's and Go's {@code {{.Field}}} pass through untouched. In a command, every substituted value
 * is quoted for the shell according to where it stands: bare, inside double quotes or inside single
 * quotes, so that no value can end the quoting and inject a command.
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

  /** Where a reference stands, as the shell would read it. */
  public enum Quoting {
    /** Outside any quotes: the value is wrapped in single quotes. */
    BARE,
    /** Inside plain double quotes: {@code \ " $ `} in the value are escaped. */
    DOUBLE,
    /**
     * Inside single quotes, a here-document, backticks, or a {@code $(...)} within double quotes:
     * the quoting cannot be told safely, so the reference is refused at validation. (Inside
     * backticks the shell ends the substitution at the value's first backtick, quotes or not.)
     */
    UNSAFE,
    /** Inside single quotes, where the shell would not expand it: refused like {@link #UNSAFE}. */
    SINGLE,
    /** Not a shell command (a URL, an address): the value goes in as it is. */
    NONE
  }

  /** Supplies a value for a reference, already masked when it should be shown masked. */
  @FunctionalInterface
  public interface Values {
    String valueOf(Reference ref);
  }

  private Template() {}

  public static List<Reference> references(String text) {
    List<Reference> out = new ArrayList<>();
    Matcher m = REF.matcher(text);
    while (m.find()) {
      out.add(new Reference(m.group(1), m.group(2), m.start()));
    }
    return out;
  }

  /** Substitutes into a shell command, quoting each value for where it stands. */
  public static String command(String text, Values values) {
    return render(text, values, true);
  }

  /** Substitutes into text that is not a shell command (a URL, an address): no quoting. */
  public static String plain(String text, Values values) {
    return render(text, values, false);
  }

  private static String render(String text, Values values, boolean shell) {
    StringBuilder out = new StringBuilder();
    Matcher m = REF.matcher(text);
    int last = 0;
    while (m.find()) {
      out.append(text, last, m.start());
      String v = values.valueOf(new Reference(m.group(1), m.group(2), m.start()));
      out.append(shell ? quote(v, quotingAt(text, m.start())) : v);
      last = m.end();
    }
    return out.append(text.substring(last)).toString();
  }

  static String quote(String v, Quoting q) {
    return switch (q) {
      case BARE -> "'" + v.replace("'", "'\\''") + "'";
      case DOUBLE -> v.replaceAll("([\\\\\"$`])", "\\\\$1");
      case NONE -> v;
      case UNSAFE, SINGLE ->
          throw new IllegalStateException("unsafe variable position passed validation");
    };
  }

  /** The quoting in force at {@code offset} of a shell command. */
  public static Quoting quotingAt(String text, int offset) {
    Quoting q = Quoting.BARE;
    boolean substitutionInDouble = false;
    boolean inBackticks = false;
    for (int i = 0; i < offset; i++) {
      char c = text.charAt(i);
      char next = i + 1 < text.length() ? text.charAt(i + 1) : 0;
      if (q == Quoting.SINGLE) {
        q = c == '\'' ? Quoting.BARE : q;
      } else if (c == '\\') {
        i++;
      } else if (q == Quoting.DOUBLE) {
        q = c == '"' ? Quoting.BARE : q;
        substitutionInDouble |= c == '`' || c == '$' && next == '(';
      } else if (c == '`') {
        inBackticks = !inBackticks;
      } else if (c == '\'') {
        q = Quoting.SINGLE;
      } else if (c == '"') {
        q = Quoting.DOUBLE;
        substitutionInDouble = false;
      } else if (c == '<' && next == '<') {
        return Quoting.UNSAFE;
      } else if (c == '#' && (i == 0 || " \t\n;&|(".indexOf(text.charAt(i - 1)) >= 0)) {
        int nl = text.indexOf('\n', i);
        i = nl < 0 || nl >= offset ? offset : nl;
      }
    }
    if (q == Quoting.DOUBLE && substitutionInDouble || inBackticks) {
      return Quoting.UNSAFE;
    }
    return q;
  }
}
