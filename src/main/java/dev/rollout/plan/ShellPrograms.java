package dev.rollout.plan;

import dev.rollout.plan.ShellSafety.Finding;
import dev.rollout.plan.ShellWords.Word;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The checks of {@link ShellSafety} that need words rather than text: which program each simple
 * command runs (through wrappers such as {@code sudo}, {@code timeout}, {@code env}, {@code find
 * -exec}), whether a value chooses it, and whether a value reaches the code of an inner shell, of
 * {@code sed} or of an interpreter ({@code awk}, {@code perl -e}, {@code python -c}, ...). Where a
 * wrapper's options cannot be told apart from its program, it refuses.
 */
final class ShellPrograms {

  private static final Set<String> SHELLS = Set.of("sh", "bash", "dash", "ash", "ksh", "ksh93",
      "mksh", "lksh", "pdksh", "oksh", "zsh", "yash", "posh", "rbash", "csh", "tcsh", "fish");

  private static final Pattern STDIN_SCRIPT =
      Pattern.compile("-|/dev/stdin|/dev/fd/[0-9]+|/proc/[^/]+/fd/[0-9]+");

  /** Builtins and programs that evaluate their arguments as code. */
  private static final Set<String> EVALUATORS = Set.of("eval", "let", "declare", "typeset",
      "local", "source", ".", "compgen", "complete", "trap", "alias", "mapfile", "readarray",
      "bind", "enable", "fc");

  /** Programs that hand their arguments, joined, to a shell as code. */
  private static final Set<String> VIA_SHELL = Set.of("su", "runuser", "watch", "ssh", "sg",
      "script", "parallel", "pdsh", "expect");

  private static final Set<String> AWKS = Set.of("awk", "gawk", "mawk", "nawk");

  /**
   * The grammar of a wrapper: its short options without and with an argument, its long options
   * without and with a separate argument, how many operands come before the program, the options
   * after which it runs no program, and those that make it run a shell of its own.
   */
  private record Wrapper(String flags, String withArg, Set<String> longFlags,
      Set<String> longWithArg, int operands, String stops, Set<String> longStops,
      String shell, Set<String> longShell, boolean needsProgram, String attached) {

    Wrapper(String flags, String withArg, Set<String> longFlags, Set<String> longWithArg,
        int operands, String stops, Set<String> longStops, String shell, Set<String> longShell,
        boolean needsProgram) {
      this(flags, withArg, longFlags, longWithArg, operands, stops, longStops, shell, longShell,
          needsProgram, "");
    }

    /** The same, with short options that take an argument only attached ({@code -i{}}). */
    Wrapper attached(String letters) {
      return new Wrapper(flags, withArg, longFlags, longWithArg, operands, stops, longStops, shell,
          longShell, needsProgram, letters);
    }
  }

  private static Wrapper wrapper(String flags, String withArg, String longFlags,
      String longWithArg, int operands) {
    return new Wrapper(flags, withArg, set(longFlags), set(longWithArg), operands, "", Set.of(),
        "", Set.of(), false);
  }

  private static Set<String> set(String words) {
    return words.isBlank() ? Set.of() : Set.of(words.trim().split("\\s+"));
  }

  private static final Map<String, Wrapper> WRAPPERS = Map.ofEntries(
      Map.entry("timeout", wrapper("v", "ks", "preserve-status foreground verbose",
          "kill-after signal", 1)),
      Map.entry("nice", wrapper("0123456789", "n", "", "adjustment", 0)),
      Map.entry("ionice", new Wrapper("t", "cn", set("ignore"), set("class classdata"), 0, "puP",
          set("pid pgid uid"), "", Set.of(), false)),
      Map.entry("stdbuf", wrapper("", "ioe", "", "input output error", 0)),
      Map.entry("setsid", wrapper("cfw", "", "ctty fork wait", "", 0)),
      Map.entry("chroot", new Wrapper("", "", set("skip-chdir"), set("userspec groups"), 1, "",
          Set.of(), "", Set.of(), true)),
      Map.entry("doas", new Wrapper("nL", "uC", Set.of(), Set.of(), 0, "", Set.of(), "s",
          Set.of(), true)),
      Map.entry("sudo", new Wrapper("AbEHkKnPSBN", "ugCDhprtUTR", set("askpass background "
          + "preserve-env set-home remove-timestamp reset-timestamp non-interactive "
          + "preserve-groups stdin bell"), set("user group close-from chdir host prompt role type "
          + "other-user command-timeout chroot"), 0, "elvV", set("edit list validate version"),
          "si", set("shell login"), true)),
      Map.entry("env", new Wrapper("i0v", "uCP", set("ignore-environment null debug"),
          set("unset chdir"), 0, "", Set.of(), "S", set("split-string"), false)),
      Map.entry("exec", wrapper("cl", "a", "", "", 0)),
      Map.entry("command", new Wrapper("p", "", Set.of(), Set.of(), 0, "vV", Set.of(), "",
          Set.of(), false)),
      Map.entry("builtin", wrapper("", "", "", "", 0)),
      Map.entry("nohup", wrapper("", "", "", "", 0)),
      Map.entry("time", wrapper("apqvV", "fo", "append portability quiet verbose",
          "format output", 0)),
      Map.entry("xargs", wrapper("0prtxo", "aEIdLnPs", "null interactive no-run-if-empty verbose "
          + "exit open-tty", "arg-file delimiter max-lines max-args max-procs max-chars "
          + "process-slot-var", 0).attached("eil")),
      Map.entry("flock", new Wrapper("sexnuoF", "wE", set("shared exclusive unlock nonblock "
          + "close no-fork verbose"), set("timeout conflict-exit-code"), 1, "", Set.of(), "c",
          set("command"), false)),
      Map.entry("chrt", new Wrapper("abdfiorRv", "TPD", set("all-tasks batch deadline fifo idle "
          + "other rr reset-on-fork verbose"), set("sched-runtime sched-period sched-deadline"), 1,
          "pm", set("pid max"), "", Set.of(), false)),
      Map.entry("taskset", new Wrapper("ac", "", set("all-tasks cpu-list"), Set.of(), 1, "p",
          set("pid"), "", Set.of(), false)),
      Map.entry("unshare", new Wrapper("muinpUCTfrc", "RwSG", set("mount uts ipc net pid user "
          + "cgroup time fork map-root-user map-current-user kill-child mount-proc keep-caps "
          + "map-auto"), set("propagation setgroups root wd setuid setgid monotonic boottime "
          + "map-user map-group map-users map-groups"), 0, "", Set.of(), "", Set.of(), true)
          .attached("muinpUCT")),
      Map.entry("nsenter", new Wrapper("aFZ", "tSG", set("all no-fork preserve-credentials "
          + "follow-context mount uts ipc net pid user cgroup time root wd"),
          set("target setuid setgid"), 0, "", Set.of(), "", Set.of(), true)
          .attached("muinpUCTrw")),
      Map.entry("strace", new Wrapper("cCdDfFhikqrtTvVwxyzZ", "abeEIoOpPsSuUX", Set.of(),
          Set.of(), 0, "", Set.of(), "", Set.of(), false)),
      Map.entry("ltrace", new Wrapper("bcCfhiLrStTV", "aADeFlnopsuwx", Set.of(), Set.of(), 0, "",
          Set.of(), "", Set.of(), false)));

  private final String original;
  private final List<Finding> out;

  private ShellPrograms(String original, List<Finding> out) {
    this.original = original;
    this.out = out;
  }

  /**
   * Adds to {@code out} what the simple commands of {@code text} hold.
   *
   * @param text the command
   * @param flat the same with each Rollout reference replaced by {@link ShellWords#REF}
   */
  static void check(String text, String flat, List<Finding> out) {
    ShellPrograms p = new ShellPrograms(text, out);
    for (List<Word> words : ShellWords.commands(flat)) {
      for (int k = 0; k < words.size(); k++) {
        String name = name(words.get(k));
        if (SHELLS.contains(name)) {
          p.shell(words, k, false);
        } else if (!words.get(k).expands()) {
          p.codeOptions(words, k, name);
        }
      }
      int first = 0;
      while (first < words.size() && isAssignment(words.get(first))) {
        first++;
      }
      p.program(words, first, 0);
    }
  }

  private static boolean isAssignment(Word w) {
    return w.bare().matches("(?s)[A-Za-z_][A-Za-z0-9_]*(\\[[^\\]]*])?\\+?=.*");
  }

  /** The program a word names: its last path element. */
  private static String name(Word w) {
    String b = w.bare();
    return b.substring(b.lastIndexOf('/') + 1);
  }

  /** The command's own text of words {@code from} to {@code to} (exclusive), on one line. */
  private String text(List<Word> words, int from, int to) {
    int last = Math.min(to, words.size()) - 1;
    if (from > last) {
      return "";
    }
    return original.substring(words.get(from).offset(), words.get(last).end())
        .replaceAll("\\s+", " ");
  }

  /** Adds a finding, unless one is already at that place (one reason per place is enough). */
  private void find(Word at, String construct, String why) {
    if (out.stream().noneMatch(f -> f.offset() == at.offset())) {
      out.add(new Finding(at.offset(), construct, why));
    }
  }

  private static boolean laterExpands(List<Word> words, int from) {
    for (int k = from; k < words.size(); k++) {
      if (words.get(k).expands()) {
        return true;
      }
    }
    return false;
  }

  /** The program that the words from {@code p} run, and what it does with values. */
  private void program(List<Word> words, int p, int depth) {
    if (p < 0 || p >= words.size() || depth > 16) {
      return;
    }
    Word w = words.get(p);
    String name = name(w);
    if (w.expands()) {
      find(w, "a program named by an expansion (" + text(words, p, p + 1) + ")",
          "a value would choose the program that runs, or reach it through a shell variable");
      return;
    }
    if (name.matches(".*([*?]|\\[.*]).*")) {
      find(w, "a program named by a pattern (" + text(words, p, p + 1) + ")", "Rollout cannot "
          + "tell which program it runs, so it cannot prove that no value becomes code");
      return;
    }
    Wrapper wrapper = WRAPPERS.get(name);
    if (wrapper != null) {
      program(words, wrapped(words, p, name, wrapper), depth + 1);
    } else if (name.equals("busybox")) {
      program(words, p + 1, depth + 1);
    } else if (name.equals("find")) {
      for (int k = p + 1; k < words.size(); k++) {
        if (Set.of("-exec", "-execdir", "-ok", "-okdir").contains(words.get(k).bare())) {
          int end = k + 1;
          while (end < words.size() && !Set.of(";", "+").contains(words.get(end).bare())) {
            end++;
          }
          program(words.subList(k + 1, end), 0, depth + 1);
          k = end;
        }
      }
    } else if ((name.equals("docker") || name.equals("podman")) && p + 1 < words.size()
        && words.get(p + 1).bare().equals("exec")) {
      program(words, operandsAfter(words, p + 2, "dit", "euw", Set.of("detach interactive tty "
          + "privileged".split(" ")), Set.of("env", "env-file", "user", "workdir",
          "detach-keys"), 1), depth + 1);
    } else if (Set.of("pct", "kubectl", "lxc-attach", "lxc", "incus").contains(name)) {
      for (int k = p + 1; k < words.size(); k++) {
        if (words.get(k).bare().equals("--")) {
          program(words, k + 1, depth + 1);
          break;
        }
      }
    } else if (SHELLS.contains(name)) {
      shell(words, p, true);
    } else if (name.equals("sed")) {
      sed(words, p);
    } else if (AWKS.contains(name)) {
      awk(words, p);
    } else if (name.matches("perl[0-9.]*|ruby[0-9.]*|node(js)?|php[0-9.]*|lua[0-9.]*|luajit"
        + "|Rscript|pwsh")) {
      interpreter(words, p, name);
    } else if (name.matches("python[0-9.]*")) {
      interpreter(words, p, name);
    } else if (EVALUATORS.contains(name)) {
      find(w, name, "it evaluates its arguments as code or can evaluate a value as arithmetic");
    } else if (VIA_SHELL.contains(name)) {
      find(w, name, "it hands its arguments to a shell as code");
    }
  }

  /**
   * The index of the program a wrapper runs; -1 when it runs none or when that was refused.
   */
  private int wrapped(List<Word> words, int p, String name, Wrapper g) {
    int k = p + 1;
    while (k < words.size()) {
      Word w = words.get(k);
      String b = w.bare();
      if (b.equals("--")) {
        k++;
        break;
      }
      if (name.equals("env") && b.equals("-")) {
        k++;
        continue;
      }
      if (!b.startsWith("-") || b.length() < 2 || w.expands()) {
        if ((name.equals("env") || name.equals("sudo")) && isAssignment(w)) {
          k++;
          continue;
        }
        break;
      }
      if (b.startsWith("--")) {
        String opt = b.substring(2).replaceFirst("=.*", "");
        boolean inline = b.contains("=");
        if (g.longShell().contains(opt)) {
          return shellOf(words, p, k, name, inline);
        } else if (g.longStops().contains(opt)) {
          return -1;
        } else if (g.longWithArg().contains(opt)) {
          k += inline ? 1 : 2;
        } else if (g.longFlags().contains(opt)) {
          k++;
        } else {
          return unknown(words, p, k, name);
        }
        continue;
      }
      boolean next = false;
      for (int c = 1; c < b.length(); c++) {
        char o = b.charAt(c);
        if (g.shell().indexOf(o) >= 0) {
          return shellOf(words, p, k, name, c + 1 < b.length());
        } else if (g.stops().indexOf(o) >= 0) {
          return -1;
        } else if (g.withArg().indexOf(o) >= 0) {
          next = c + 1 == b.length();
          break;
        } else if (g.attached().indexOf(o) >= 0) {
          break;
        } else if (g.flags().indexOf(o) < 0) {
          return unknown(words, p, k, name);
        }
      }
      k += next ? 2 : 1;
    }
    k += g.operands();
    if (name.equals("flock") && k < words.size()
        && Set.of("-c", "--command").contains(words.get(k).bare())) {
      return shellOf(words, p, k, name, false);
    }
    if (name.equals("flock") && k - 1 < words.size() && k - 1 > p
        && words.get(k - 1).bare().matches("[0-9]+")) {
      return -1; // flock FD: no program
    }
    if (k >= words.size()) {
      if (g.needsProgram()) {
        find(words.get(p), name + " without a command", "it starts an interactive shell, which "
            + "reads its commands from stdin, where a value is code");
      }
      return -1;
    }
    return k;
  }

  /** A wrapper option that runs a shell: {@code sudo -s}, {@code env -S}, {@code flock -c}. */
  private int shellOf(List<Word> words, int p, int k, String name, boolean inline) {
    if (!name.equals("flock") || inline || laterExpands(words, k + 1)) {
      find(words.get(k), name + " " + words.get(k).bare(), "it runs its arguments through a "
          + "shell (or splits them into a command), where a value is code");
    }
    return -1;
  }

  private int unknown(List<Word> words, int p, int k, String name) {
    if (laterExpands(words, k)) {
      find(words.get(k), name + " " + words.get(k).bare(), "Rollout does not know this option of "
          + name + ", so it cannot tell which word is the program that runs");
    }
    return -1;
  }

  /** The index after options (short flags and with an argument, long ones) and operands. */
  private static int operandsAfter(List<Word> words, int k, String flags, String withArg,
      Set<String> longFlags, Set<String> longWithArg, int operands) {
    while (k < words.size()) {
      String b = words.get(k).bare();
      if (b.equals("--")) {
        k++;
        break;
      }
      if (!b.startsWith("-") || b.length() < 2 || words.get(k).expands()) {
        break;
      }
      if (b.startsWith("--")) {
        String opt = b.substring(2).replaceFirst("=.*", "");
        k += !b.contains("=") && longWithArg.contains(opt) ? 2 : 1;
        if (!longFlags.contains(opt) && !longWithArg.contains(opt)) {
          return -1;
        }
        continue;
      }
      boolean next = false;
      for (int c = 1; c < b.length(); c++) {
        if (withArg.indexOf(b.charAt(c)) >= 0) {
          next = c + 1 == b.length();
          break;
        } else if (flags.indexOf(b.charAt(c)) < 0) {
          return -1;
        }
      }
      k += next ? 2 : 1;
    }
    return k + operands;
  }

  /**
   * A shell at {@code k}: refused when a value can reach its script: {@code -c SCRIPT} where
   * SCRIPT expands, a script read from stdin ({@code -s}, {@code -}, {@code /dev/stdin}, none),
   * and, where it is the program that runs, a script file named by an expansion.
   */
  private void shell(List<Word> words, int k, boolean program) {
    int j = k + 1;
    boolean command = false;
    boolean stdin = false;
    while (j < words.size()) {
      Word w = words.get(j);
      String b = w.bare();
      if (b.equals("--")) {
        j++;
        break;
      }
      if (b.equals("-")) {
        stdin = true;
        j++;
        break;
      }
      if (w.expands() || b.length() < 2 || b.charAt(0) != '-' && b.charAt(0) != '+') {
        break;
      }
      if (b.startsWith("--")) {
        if (b.equals("--rcfile") || b.equals("--init-file")) {
          j++;
          optionValue(words, k, j);
        }
        j++;
        continue;
      }
      command |= b.indexOf('c') > 0;
      stdin |= b.charAt(0) == '-' && b.indexOf('s') > 0;
      for (int c = 1; c < b.length(); c++) {
        if (b.charAt(c) == 'o' || b.charAt(c) == 'O') {
          j++;
          optionValue(words, k, j);
        }
      }
      j++;
    }
    Word operand = j < words.size() ? words.get(j) : null;
    String construct = text(words, k, j);
    if (command) {
      if (operand != null && (operand.expands() || operand.bare().contains("{}"))) {
        find(words.get(k), construct, "it runs its argument as shell code");
      } else if (operand != null) {
        for (Finding f : ShellSafety.findings(operand.bare(), List.of())) {
          find(operand, f.construct() + " in the script of " + construct, f.why()
              + "; the values given to the script as $1, $2 ... reach it there");
        }
      }
    } else if (stdin || operand == null || STDIN_SCRIPT.matcher(operand.bare()).matches()) {
      if (program || !onlyLooksUp(words)) {
        find(words.get(k), construct + (stdin || operand == null ? "" : " " + operand.bare()),
            "it reads its script from stdin (a pipe, a here-document, a here-string), where a "
            + "value is code");
      }
    } else if (program && operand.expands()) {
      find(operand, construct + " " + text(words, j, j + 1), "a value would choose the script "
          + "that the shell runs");
    }
  }

  /** Whether the command only looks a program up ({@code command -v bash}, {@code which sh}). */
  private static boolean onlyLooksUp(List<Word> words) {
    String program = name(words.get(0));
    return Set.of("which", "type", "whereis", "hash").contains(program)
        || program.equals("command") && words.size() > 1
        && words.get(1).bare().matches("-[pvV]*[vV][pvV]*");
  }

  private void optionValue(List<Word> words, int k, int j) {
    if (j < words.size() && words.get(j).expands()) {
      find(words.get(j), text(words, k, j + 1), "a value would set an option of the shell");
    }
  }

  /**
   * {@code sed}: GNU sed runs shell commands from its script ({@code e}, {@code s///e}), so no
   * word that could be script may hold an expansion: any word before {@code --}, the argument of
   * {@code -e}, and the first operand after {@code --} when no script came before.
   */
  private void sed(List<Word> words, int p) {
    boolean script = false;
    for (int k = p + 1; k < words.size(); k++) {
      Word w = words.get(k);
      String b = w.bare();
      if (b.equals("--")) {
        if (!script && k + 1 < words.size() && words.get(k + 1).expands()) {
          sedScript(words, p, k + 1);
        }
        return;
      }
      if (w.expands()) {
        sedScript(words, p, k);
        return;
      }
      if (b.equals("-l") || b.equals("--line-length")) {
        k++;
      } else if (b.matches("-[nrEsuz]*f|--file") && k + 1 < words.size()
          && STDIN_SCRIPT.matcher(words.get(k + 1).bare()).matches()
          || b.matches("(-[nrEsuz]*f|--file=)" + STDIN_SCRIPT.pattern())) {
        find(w, "sed " + text(words, p + 1, k + 2), "it reads its script from stdin, where a "
            + "value is code");
        return;
      } else if (b.matches("--(expression|file)(=.*)?|-[nrEsuz]*[ef].*")) {
        script = true; // a separate argument is the next word, checked as such
      } else if (!b.startsWith("-")) {
        script = true;
      }
    }
  }

  private void sedScript(List<Word> words, int p, int k) {
    find(words.get(k), "sed " + text(words, p + 1, k + 1), "a value inside a sed script is "
        + "code: GNU sed's e command and s///e flag run shell commands; pass values in a file, "
        + "or after -- as file names");
  }

  /** awk: the program text (first operand, or -e/--source) must not hold an expansion. */
  private void awk(List<Word> words, int p) {
    boolean program = false;
    int k = p + 1;
    while (k < words.size()) {
      Word w = words.get(k);
      String b = w.bare();
      if (b.equals("--")) {
        k++;
        break;
      }
      if (!b.startsWith("-") || b.length() < 2) {
        break;
      }
      if (w.expands() && !b.startsWith("-v") && !b.startsWith("--assign")
          && !b.startsWith("-F") && !b.startsWith("--field-separator")) {
        interpreterCode(words, p, k);
        return;
      }
      String opt = b.startsWith("--") ? b.substring(2).replaceFirst("=.*", "") : b.substring(1, 2);
      boolean inline = b.startsWith("--") ? b.contains("=") : b.length() > 2;
      boolean takesArg = Set.of("v", "F", "f", "E", "i", "l", "e", "W", "assign",
          "field-separator", "file", "exec", "include", "load", "source").contains(opt);
      boolean code = Set.of("f", "E", "i", "l", "e", "W", "file", "exec", "include", "load",
          "source").contains(opt);
      program |= Set.of("f", "E", "e", "file", "exec", "source").contains(opt);
      String arg = inline ? b.substring(b.startsWith("--") ? b.indexOf('=') + 1 : 2)
          : k + 1 < words.size() ? words.get(k + 1).bare() : "";
      if (code && STDIN_SCRIPT.matcher(arg).matches()) {
        find(w, text(words, p, k + (inline ? 1 : 2)), "it reads its program from stdin, where a "
            + "value is code");
        return;
      }
      if (takesArg && !inline) {
        k++;
        if (code && k < words.size() && words.get(k).expands()) {
          interpreterCode(words, p, k);
          return;
        }
      }
      k++;
    }
    if (!program && k < words.size() && words.get(k).expands()) {
      interpreterCode(words, p, k);
    }
  }

  private void interpreterCode(List<Word> words, int p, int k) {
    find(words.get(k), text(words, p, k + 1), "a value inside a program's text is code; pass it "
        + "as a separate argument (awk -v, ARGV, sys.argv)");
  }

  /**
   * perl, ruby, node, php, python: a value may be an argument after the script or the code, never
   * in an option or the code. Perl, ruby and php read options after {@code -e CODE} too, and node
   * anywhere before {@code --}, so after code a value must come after {@code --} or a plain word.
   */
  private void interpreter(List<Word> words, int p, String name) {
    boolean python = name.startsWith("python");
    boolean node = name.startsWith("node");
    String code = python || name.equals("pwsh") ? "c" : name.startsWith("php") ? "rBRE"
        : node ? "ep" : "eE";
    boolean sawCode = false;
    for (int k = p + 1; k < words.size(); k++) {
      Word w = words.get(k);
      String b = w.bare();
      if (w.expands()) {
        interpreterCode(words, p, k);
        return;
      }
      if (b.equals("--")) {
        if (!sawCode && k + 1 < words.size() && words.get(k + 1).expands()) {
          interpreterCode(words, p, k + 1);
        }
        return;
      }
      if (b.equals("-")) {
        break;
      }
      if (!b.startsWith("-")) {
        if (!sawCode && STDIN_SCRIPT.matcher(b).matches()) {
          break;
        }
        if (!sawCode || !node) {
          return; // the script file, or the end of perl's switches: what follows is arguments
        }
        continue;
      }
      if (b.startsWith("--")) {
        if (!python && (b.equals("--eval") || b.equals("--print"))) {
          sawCode = true;
          k++;
          if (k < words.size() && words.get(k).expands()) {
            interpreterCode(words, p, k);
            return;
          }
        }
        sawCode |= !python && (b.startsWith("--eval=") || b.startsWith("--print="));
        continue;
      }
      for (int c = 1; c < b.length(); c++) {
        char o = b.charAt(c);
        boolean last = c + 1 == b.length();
        if (code.indexOf(o) >= 0 || python && o == 'm') {
          sawCode = true;
          if (last && k + 1 < words.size() && words.get(k + 1).expands()) {
            interpreterCode(words, p, k + 1);
            return;
          }
          if (python) {
            return; // python -c CODE, -m MODULE: the rest are arguments
          }
          k += last ? 1 : 0;
          break;
        }
        if (python && "WXQ".indexOf(o) >= 0) {
          k += last ? 1 : 0;
          break;
        }
      }
    }
    if (!sawCode) {
      find(words.get(p), text(words, p, words.size()), "with no script file it reads its "
          + "program from stdin, where a value is code");
    }
  }

  /**
   * Code options of an interpreter or sed anywhere in a command (not only where it is the program,
   * as inside {@code ssh} or an unknown wrapper): {@code -e}, {@code -c}, {@code -r} with an
   * expanding argument.
   */
  private void codeOptions(List<Word> words, int k, String name) {
    String code;
    if (name.equals("sed") || name.matches("perl[0-9.]*|ruby[0-9.]*") || AWKS.contains(name)) {
      code = "-e";
    } else if (name.matches("python[0-9.]*")) {
      code = "-c";
    } else if (name.matches("node(js)?")) {
      code = "-e";
    } else if (name.matches("php[0-9.]*")) {
      code = "-r";
    } else {
      return;
    }
    for (int j = k + 1; j + 1 < words.size(); j++) {
      String b = words.get(j).bare();
      if ((b.equals(code) || b.equals("--expression") || b.equals("--eval")
          || b.equals("--source")) && words.get(j + 1).expands()) {
        if (name.equals("sed")) {
          sedScript(words, k, j + 1);
        } else {
          interpreterCode(words, k, j + 1);
        }
        return;
      }
    }
  }
}
