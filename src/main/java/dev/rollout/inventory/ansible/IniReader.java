package dev.rollout.inventory.ansible;

import dev.rollout.inventory.ansible.AnsibleInventory.Group;
import dev.rollout.source.Position;
import dev.rollout.source.Problems;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ansible's INI inventory format, as its {@code ini} plugin reads it: host lines with {@code
 * key=value} variables, {@code [group]}, {@code [group:vars]} and {@code [group:children]}
 * sections; a group named as a child must be defined somewhere in the file.
 */
final class IniReader {

  private static final Pattern SECTION =
      Pattern.compile("^\\[([^:\\]\\s]+)(?::(\\w+))?\\]\\s*(?:#.*)?$");
  private static final Pattern GROUP_NAME = Pattern.compile("^([^:\\]\\s]+)\\s*(?:#.*)?$");

  /** A group named before it is defined: in a children section, or only by its vars section. */
  private record Pending(String state, Position at, List<String> parents) {}

  private final String file;
  private final Problems problems;
  private final AnsibleInventory inv;
  private final Map<String, Pending> pending = new LinkedHashMap<>();
  private int lineNo;

  IniReader(String file, Problems problems, AnsibleInventory inv) {
    this.file = file;
    this.problems = problems;
    this.inv = inv;
  }

  void read(String text) {
    Group group = inv.group("ungrouped");
    String state = "hosts";
    for (String raw : text.split("\r?\n|\r", -1)) {
      lineNo++;
      String line = raw.strip();
      if (line.isEmpty() || line.charAt(0) == '#' || line.charAt(0) == ';') {
        continue;
      }
      Matcher m = SECTION.matcher(line);
      if (m.matches()) {
        state = m.group(2) == null ? "hosts" : m.group(2);
        group = section(m.group(1), state, at(raw, line));
        continue;
      }
      if (line.startsWith("[") && line.endsWith("]")) {
        error(at(raw, line), "invalid section header " + line, "a section is [name],"
            + " [name:vars] or [name:children], with no spaces in it");
        continue;
      }
      if (group == null) {
        continue;
      }
      switch (state) {
        case "hosts" -> hostLine(group, raw, line);
        case "vars" -> varLine(group, raw, line);
        case "children" -> childLine(group, raw, line);
        default -> { }
      }
    }
    for (Map.Entry<String, Pending> e : pending.entrySet()) {
      Pending p = e.getValue();
      if (p.state.equals("vars")) {
        problems.add(p.at, "", "section [" + e.getKey() + ":vars] is for group \"" + e.getKey()
            + "\", which is not defined", "define it with a [" + e.getKey() + "] section, or as a"
            + " child in a [GROUP:children] section");
      } else {
        String parent = p.parents.get(p.parents.size() - 1);
        problems.add(p.at, "", "section [" + parent + ":children] names unknown group \""
            + e.getKey() + "\"", "define it with a [" + e.getKey() + "] section, even an empty"
            + " one");
      }
    }
  }

  private Group section(String name, String state, Position at) {
    if (!List.of("hosts", "children", "vars").contains(state)) {
      error(at, "section [" + name + ":" + state + "] has unknown type \"" + state + "\"",
          "use [" + name + "], [" + name + ":vars] or [" + name + ":children]");
      return null;
    }
    if (inv.group(name) == null) {
      if (state.equals("vars") && !pending.containsKey(name)) {
        pending.put(name, new Pending(state, at, List.of()));
      }
      inv.addGroup(name, at);
    }
    Pending p = pending.get(name);
    if (p != null && !state.equals("vars")) {
      if (p.state.equals("children")) {
        addPendingChildren(name, at);
      } else {
        pending.remove(name);
      }
    }
    return inv.group(name);
  }

  private void addPendingChildren(String name, Position at) {
    Pending p = pending.remove(name);
    for (String parent : p.parents) {
      child(inv.group(parent), inv.group(name), p.at);
      Pending pp = pending.get(parent);
      if (pp != null && pp.state.equals("children")) {
        addPendingChildren(parent, at);
      }
    }
  }

  private void hostLine(Group group, String raw, String line) {
    Position at = at(raw, line);
    List<String> words;
    try {
      words = IniWords.split(line);
    } catch (IniWords.Unclosed e) {
      error(at, "cannot read host line: " + e.getMessage(), "check its quotes");
      return;
    }
    if (words.isEmpty()) {
      return;
    }
    HostPatterns.Expanded hosts;
    try {
      hosts = HostPatterns.expand(words.get(0), true);
    } catch (HostPatterns.Invalid e) {
      error(at, e.getMessage(), "for example web[01:20].example.net or db-[a:c]");
      return;
    }
    Map<String, Value> vars = new LinkedHashMap<>();
    for (String w : words.subList(1, words.size())) {
      int eq = w.indexOf('=');
      if (eq < 0) {
        error(at, "expected key=value after the host name, found \"" + w + "\"",
            "host variables are written name=value");
        continue;
      }
      vars.put(w.substring(0, eq), value(w.substring(0, eq), w.substring(eq + 1), at));
    }
    for (String h : hosts.hosts()) {
      AnsibleInventory.HostEntry e = inv.addHost(h, group, hosts.port(), at);
      e.vars.putAll(vars);
    }
  }

  private void varLine(Group group, String raw, String line) {
    Position at = at(raw, line);
    int eq = line.indexOf('=');
    if (eq < 0) {
      error(at, "expected key=value in [" + group.name + ":vars], found \"" + line + "\"", "");
      return;
    }
    String key = line.substring(0, eq).strip();
    String why = inv.setGroupVar(group, key, value(key, line.substring(eq + 1).strip(), at));
    if (why != null) {
      error(at, why, "");
    }
  }

  private void childLine(Group group, String raw, String line) {
    Position at = at(raw, line);
    Matcher m = GROUP_NAME.matcher(line);
    if (!m.matches()) {
      error(at, "expected a group name in [" + group.name + ":children], found \"" + line + "\"",
          "one group name a line");
      return;
    }
    String name = m.group(1);
    Group child = inv.group(name);
    if (child == null) {
      Pending p = pending.get(name);
      if (p == null) {
        pending.put(name, new Pending("children", at, new ArrayList<>(List.of(group.name))));
      } else {
        p.parents.add(group.name);
      }
    } else {
      child(group, child, at);
    }
  }

  private void child(Group parent, Group child, Position at) {
    String why = inv.addChild(parent, child);
    if (why != null) {
      error(at, why, "a group cannot contain itself, directly or through its children");
    }
  }

  private Value value(String key, String text, Position at) {
    Vault.checkText(key, text, at, problems);
    return new Value(PyLiteral.eval(text), at);
  }

  private Position at(String raw, String line) {
    return new Position(file, lineNo, raw.indexOf(line.charAt(0)) + 1);
  }

  private void error(Position at, String message, String hint) {
    problems.add(at, "", message, hint);
  }
}
