package dev.rollout.plan;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the constructs of a command under which a shell would evaluate a variable's value as code
 * (bash arithmetic and what evaluates like it, {@code eval} and its kin, inner shells) so that a
 * command using Rollout's variables can be refused at validation.
 *
 * <p>It looks at the whole command, not at where each reference stands: a value put into a shell
 * variable ({@code n=${vars.X}}) reaches an arithmetic expression elsewhere by name, so only the
 * absence of the construct anywhere is proof. It reads the text with quotes removed and errs
 * toward refusing: a word inside quotes that looks like a construct is refused too. What needs
 * words rather than text (which program a command runs through its wrappers, inner shells and
 * their options, scripts read from stdin, code of sed and interpreters) is {@link ShellPrograms}'s.
 */
final class ShellSafety {

  /** A construct found, at {@code offset} of the command. */
  record Finding(int offset, String construct, String why) {}

  private static final String START = "(?<![^\\s;&|(){}!`])";
  private static final String END = "(?![A-Za-z0-9_.-])";
  private static final String COMMAND_START = "(?:^|[;&|({\\n`]|" + START
      + "(?:then|do|else|elif|if|while|until|exec|command|builtin|sudo|env|nohup|nice|time"
      + "|xargs|!)\\s)\\s*(?:[A-Za-z_][A-Za-z0-9_]*=[^\\s;&|]*\\s+)*";
  private static final char REF = ShellWords.REF;

  private record Rule(Pattern pattern, String construct, String why) {}

  private static final String ARITHMETIC = "bash evaluates a value in it as an arithmetic "
      + "expression, and an array subscript there runs commands (a[$(cmd)])";

  private static final List<Rule> RULES = List.of(
      rule("\\(\\(", "(( ))", ARITHMETIC),
      rule("\\$\\[", "$[ ]", ARITHMETIC),
      rule(COMMAND_START + "(let|eval|declare|typeset|local|source|compgen|complete|trap|alias"
          + "|mapfile|readarray|bind|enable|fc)" + END, null,
          "it evaluates its arguments as code or can evaluate a value as arithmetic"),
      rule(COMMAND_START + "\\.(?=\\s)", ".", "it runs a file as shell code"),
      rule(COMMAND_START + "(?:read|unset)" + END + "[^;&|\\n<>)]*[$`" + REF + "]",
          "read/unset NAME",
          "bash evaluates an array subscript in a variable name given by an expansion"),
      rule(COMMAND_START + "printf" + END + "[^;&|\\n)]*\\s-[A-Za-z]*v" + END, "printf -v",
          "bash evaluates an array subscript in the variable name it assigns"),
      rule(COMMAND_START + "(?:\\[|test)(?:[ \\t]+[^;&|\\n\\]\\s]+)*?[ \\t]+-[vR]" + END,
          "test -v", "bash evaluates an array subscript in the variable name it tests"),
      rule("\\$\\{[#!]?(?:[A-Za-z_][A-Za-z0-9_]*|[0-9]+|[@*#?$!-])(?:\\[|:[^-=?+])",
          "${X[...]} or ${X:offset}", ARITHMETIC),
      rule("\\$\\{!", "${!X}", "an indirect expansion evaluates the value of X as a name"),
      rule("@P}", "${X@P}", "a prompt expansion runs the commands in the value"),
      rule("[A-Za-z_][A-Za-z0-9_]*\\[[^\\]\\n]*\\]\\+?=", "X[...]=", ARITHMETIC),
      rule("[A-Za-z_][A-Za-z0-9_]*\\+?=\\(", "X=( )", ARITHMETIC),
      rule("(?<![A-Za-z0-9_])(PS[0-4]|PROMPT_COMMAND|BASH_ENV|ENV|SHELLOPTS|BASHOPTS"
          + "|LD_[A-Z_]+|PATH|PAGER|EDITOR|VISUAL|LESSOPEN|LESSCLOSE|SSH_ASKPASS|SUDO_ASKPASS"
          + "|GIT_(?:SSH|SSH_COMMAND|EDITOR|PAGER|ASKPASS|EXTERNAL_DIFF|PROXY_COMMAND|CONFIG_"
          + "[A-Z_0-9]+)|PYTHONSTARTUP|PERL5OPT|PERL5LIB|NODE_OPTIONS|RUBYOPT|JAVA_TOOL_OPTIONS"
          + "|_JAVA_OPTIONS)\\+?=", null, "the shell, the loader or the programs it starts run "
          + "what this variable holds or names"),
      rule(COMMAND_START + "(ssh|watch)" + END, null,
          "it hands its arguments to another shell as code"),
      rule("(?<![^\\s;&|(){}`])(?:[A-Za-z0-9_.~/-]*/)?(sh|bash|dash|ash|ksh|mksh|zsh|yash)"
          + "(?:[ \\t]+-[A-Za-z-]*)*[ \\t]*(?=$|[;&|\\n)<>])", null, "with no script file it "
          + "reads its script from stdin (a pipe, a here-document, a here-string), where a value "
          + "is code"),
      rule(COMMAND_START + "(su|runuser)" + END, null, "it runs a shell that reads commands from "
          + "stdin or from -c"));

  private static final Pattern INNER_SHELL = Pattern.compile("(?<![^\\s;&|(){}!`/'\"])"
      + "(?:sh|bash|dash|ash|ksh|mksh|zsh|yash|su|runuser|script|flock)(?:\\s+[^\\s;&|]+)*?"
      + "\\s+-[A-Za-z]*c\\s+");

  private ShellSafety() {}

  private static Rule rule(String regex, String construct, String why) {
    return new Rule(Pattern.compile(regex, Pattern.DOTALL), construct, why);
  }

  /**
   * The constructs of {@code text} that can evaluate a value as code, in order, each construct
   * once (at its first place).
   *
   * @param text the command
   * @param refs its Rollout references (they count as expansions)
   */
  static List<Finding> findings(String text, List<Template.Span> refs) {
    char[] flat = text.toCharArray();
    for (Template.Span s : refs) {
      for (int k = s.ref().offset(); k < s.end(); k++) {
        flat[k] = REF;
      }
    }
    String withRefs = new String(flat);
    StringBuilder bare = new StringBuilder();
    List<Integer> origin = new ArrayList<>();
    for (int k = 0; k < flat.length; k++) {
      if (flat[k] == '\\' && k + 1 < flat.length && flat[k + 1] == '\n') {
        k++; // a line continuation joins the words around it
      } else if (flat[k] != '\'' && flat[k] != '"' && flat[k] != '\\') {
        bare.append(flat[k]);
        origin.add(k);
      }
    }
    List<Finding> out = new ArrayList<>();
    for (Rule r : RULES) {
      Matcher m = r.pattern().matcher(bare);
      while (m.find()) {
        boolean named = r.construct() == null;
        int at = named ? m.start(1) : m.start();
        out.add(new Finding(origin.get(Math.min(at, origin.size() - 1)),
            named ? m.group(1) : r.construct(), r.why()));
      }
    }
    doubleBrackets(bare, origin, out);
    innerShells(withRefs, out);
    ShellPrograms.check(text, withRefs, out);
    out.sort(Comparator.comparingInt(Finding::offset));
    Set<String> seen = new HashSet<>();
    return out.stream().filter(f -> seen.add(f.construct())).toList();
  }

  private static final Pattern TEST_OPERATOR =
      Pattern.compile(START + "-(?:eq|ne|lt|le|gt|ge|v|R)" + END);

  /** {@code [[ ... ]]} when the command holds -eq, -lt, ..., or -v anywhere. */
  private static void doubleBrackets(CharSequence bare, List<Integer> origin, List<Finding> out) {
    int at = bare.toString().indexOf("[[");
    if (at >= 0 && TEST_OPERATOR.matcher(bare).find()) {
      out.add(new Finding(origin.get(at), "[[ -eq/-v ]]", "inside [[ ]] bash evaluates the "
          + "operands of -eq, -lt, ... and -v as arithmetic"));
    }
  }

  /** {@code sh -c SCRIPT ...}: refused when SCRIPT holds an expansion outside single quotes. */
  private static void innerShells(String text, List<Finding> out) {
    Matcher m = INNER_SHELL.matcher(text);
    while (m.find()) {
      if (expands(text, m.end())) {
        out.add(new Finding(m.start(), m.group().strip(), "it runs its argument as shell code"));
      }
    }
  }

  /**
   * Whether the shell word starting at {@code from} holds an expansion outside single quotes, or
   * a {@code {}} anywhere.
   */
  private static boolean expands(String text, int from) {
    boolean single = false;
    boolean dq = false;
    for (int k = from; k < text.length(); k++) {
      char c = text.charAt(k);
      if (c == '{' && k + 1 < text.length() && text.charAt(k + 1) == '}') {
        return true; // xargs -I{} and find -exec put their input here, quotes or not
      } else if (single) {
        single = c != '\'';
      } else if (c == '\'' && !dq) {
        single = true;
      } else if (c == '"') {
        dq = !dq;
      } else if (c == '\\') {
        k++;
      } else if (c == '$' || c == '`' || c == REF) {
        return true;
      } else if (!dq && " \t\n;&|<>()".indexOf(c) >= 0) {
        return false;
      }
    }
    return false;
  }
}
