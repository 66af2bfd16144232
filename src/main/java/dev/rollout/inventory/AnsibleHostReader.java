package dev.rollout.inventory;

import dev.rollout.inventory.ansible.AnsibleHosts.HostVars;
import dev.rollout.inventory.ansible.SshArgs;
import dev.rollout.inventory.ansible.Texts;
import dev.rollout.inventory.ansible.Value;
import dev.rollout.source.Position;
import dev.rollout.source.Problems;
import dev.rollout.source.Suggest;
import dev.rollout.transport.HostKeyPolicy;
import dev.rollout.transport.Wrap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes one Rollout {@link Host} of an Ansible host's resolved variables: the connection
 * variables ({@code ansible_host}, {@code ansible_port}, {@code ansible_user}, {@code
 * ansible_ssh_private_key_file}, {@code ansible_ssh_common_args}, {@code ansible_become}) and
 * Rollout's own ({@code rollout_console}, {@code rollout_container}, {@code rollout_serves},
 * {@code rollout_labels}, {@code rollout_known_hosts}, {@code rollout_host_keys}, {@code
 * rollout_passphrase_env}) set its fields; every other variable is one of its {@code vars}.
 */
final class AnsibleHostReader {

  /** Variables that set a field of the host rather than one of its {@code vars}. */
  static final Set<String> MAPPED = Set.of("ansible_host", "ansible_ssh_host", "ansible_port",
      "ansible_ssh_port", "ansible_user", "ansible_ssh_user", "ansible_ssh_private_key_file",
      "ansible_private_key_file", "ansible_ssh_common_args", "ansible_ssh_extra_args",
      "ansible_become", "ansible_become_user", "ansible_become_method", "rollout_console",
      "rollout_container", "rollout_serves", "rollout_labels", "rollout_known_hosts",
      "rollout_host_keys", "rollout_passphrase_env");

  private static final Set<String> PASSWORDS = Set.of("ansible_password", "ansible_ssh_pass",
      "ansible_ssh_password", "ansible_become_password", "ansible_become_pass",
      "ansible_sudo_pass");
  private static final Pattern ENV_LOOKUP = Pattern.compile(
      "\\{\\{\\s*lookup\\(\\s*['\"]env['\"]\\s*,\\s*['\"]([A-Za-z_][A-Za-z0-9_]*)['\"]\\s*\\)"
          + "\\s*}}");
  static final String NAME = "[A-Za-z0-9][A-Za-z0-9._:-]*";

  /** A host read, with the jump hosts its ssh arguments name (not yet resolved to hosts). */
  record Read(Host host, List<String> jumps, Position jumpsAt) {}

  private final Problems problems;
  private final Function<String, String> env;

  private final SshConfigLayer config;

  /** What ssh_config said of each host read, for the checks of the files it names. */
  final Map<String, SshConfigLayer.Result> sources = new LinkedHashMap<>();

  AnsibleHostReader(Problems problems, Function<String, String> env, SshConfigLayer config) {
    this.problems = problems;
    this.env = env;
    this.config = config;
  }

  Read read(HostVars h) {
    Map<String, Value> v = h.vars();
    if (!h.name().matches(NAME)) {
      problems.add(h.at(), "", "host name \"" + h.name() + "\" is not one Rollout can use",
          "use letters, digits, '.', ':', '_' and '-'; set the address with ansible_host");
    }
    SshArgs ssh = sshArgs(v);
    Settings inv = new Settings(
        first(text(v, "ansible_user"), text(v, "ansible_ssh_user"), ssh.user()),
        port(v, ssh),
        first(text(v, "ansible_ssh_private_key_file"), text(v, "ansible_private_key_file"),
            ssh.identity()),
        first(text(v, "rollout_known_hosts"), ssh.knownHosts()),
        hostKeys(v, ssh),
        text(v, "rollout_passphrase_env"),
        become(h.name(), v),
        null,
        vars(v),
        becomePassword(v));
    Route container = route(v, "rollout_container");
    String address = first(text(v, "ansible_host"), text(v, "ansible_ssh_host"));
    if (container != null && address != null) {
      problems.add(at(v, "rollout_container"), "", "host " + h.name() + " has both"
          + " ansible_host and rollout_container", "a container is reached through its host;"
          + " remove one");
    }
    address = container != null ? null : address == null ? h.name() : address;
    checkAddress(h.at(), v, address);
    // ssh_config comes between the inventory's values and Rollout's built-in defaults, looked up
    // by the address as Ansible hands ansible_host to ssh
    SshConfigLayer.Result r = config.resolve(h.name(), h.at(), inv, address);
    sources.put(h.name(), r);
    Settings s = r.settings().over(Settings.BUILT_IN);
    Host host = new Host(h.name(), h.at(), container != null ? null : r.address(), s.port(),
        s.user(), r.identities().isEmpty() ? null : r.identities().get(0), s.knownHosts(),
        s.hostKeys(), s.passphraseEnv(), s.become(), labels(v), s.vars(),
        strings(v, "rollout_serves"), null, route(v, "rollout_console"), container,
        s.connectTimeout(), s.becomePassword(), r.identities(), r.identitiesOnly(),
        ssh.proxyJump().isEmpty() ? r.jumps() : List.of(), r.serverAlive());
    Position jumpsAt = first(at(v, "ansible_ssh_common_args"), at(v, "ansible_ssh_extra_args"));
    return new Read(host, ssh.proxyJump(), jumpsAt);
  }

  private SshArgs sshArgs(Map<String, Value> v) {
    SshArgs common = sshArgs(v, "ansible_ssh_common_args");
    SshArgs extra = sshArgs(v, "ansible_ssh_extra_args");
    return new SshArgs(extra.proxyJump().isEmpty() ? common.proxyJump() : extra.proxyJump(),
        first(extra.knownHosts(), common.knownHosts()),
        first(extra.acceptNew(), common.acceptNew()), first(common.identity(), extra.identity()),
        first(extra.port(), common.port()), first(extra.user(), common.user()));
  }

  private SshArgs sshArgs(Map<String, Value> v, String key) {
    String t = text(v, key);
    if (t != null) {
      try {
        return SshArgs.parse(t);
      } catch (SshArgs.Refused e) {
        problems.add(at(v, key), "", key + ": " + e.getMessage(), "");
      }
    }
    return new SshArgs(List.of(), null, null, null, null, null);
  }

  private Integer port(Map<String, Value> v, SshArgs ssh) {
    String key = v.containsKey("ansible_port") ? "ansible_port" : "ansible_ssh_port";
    String t = first(text(v, key), ssh.port());
    if (t == null) {
      return null;
    }
    try {
      int p = Integer.parseInt(t.strip());
      if (p >= 1 && p <= 65535) {
        return p;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    problems.add(first(at(v, key), at(v, "ansible_ssh_common_args")), "", key + " \"" + t
        + "\" is not a port", "a number from 1 to 65535");
    return null;
  }

  private HostKeyPolicy hostKeys(Map<String, Value> v, SshArgs ssh) {
    String t = text(v, "rollout_host_keys");
    if (t != null) {
      switch (t) {
        case "strict":
          return HostKeyPolicy.STRICT;
        case "accept-new":
          return HostKeyPolicy.ACCEPT_NEW;
        default:
          problems.add(at(v, "rollout_host_keys"), "", "unknown host key policy \"" + t + "\"",
              "use strict or accept-new; there is no mode that trusts any key");
          return null;
      }
    }
    if (ssh.acceptNew() == null) {
      return null;
    }
    return ssh.acceptNew() ? HostKeyPolicy.ACCEPT_NEW : HostKeyPolicy.STRICT;
  }

  private Boolean become(String name, Map<String, Value> v) {
    Value b = v.get("ansible_become");
    if (b == null) {
      return null;
    }
    Boolean on = truth(b.value());
    if (on == null) {
      problems.add(b.at(), "", "ansible_become \"" + Texts.of(b.value()) + "\" is not true or"
          + " false", "");
      return null;
    }
    String user = text(v, "ansible_become_user");
    if (on && user != null && !user.equals("root")) {
      problems.add(at(v, "ansible_become_user"), "", "host " + name + ": ansible_become_user \""
          + user + "\" is not supported", "Rollout becomes root with sudo; run as another user"
          + " with sudo -u in the plan's commands");
    }
    String method = text(v, "ansible_become_method");
    if (on && method != null && !method.equals("sudo")) {
      problems.add(at(v, "ansible_become_method"), "", "host " + name + ": ansible_become_method"
          + " \"" + method + "\" is not supported", "Rollout becomes root with sudo");
    }
    return on;
  }

  /** Ansible's boolean(): yes/on/1/true and no/off/0/false, any case. */
  static Boolean truth(Object o) {
    if (o instanceof Boolean b) {
      return b;
    }
    String t = Texts.of(o).strip().toLowerCase();
    if (Set.of("yes", "on", "1", "true", "y", "t", "1.0").contains(t)) {
      return true;
    }
    if (Set.of("no", "off", "0", "false", "n", "f", "0.0", "").contains(t)) {
      return false;
    }
    return null;
  }

  /**
   * sudo's password from {@code ansible_become_password} (or its older spellings) when it is
   * {@code "{{ lookup('env', 'NAME') }}"}: read from the controller's environment, a secret. In
   * clear in the inventory it is refused ({@link #vars}).
   */
  private Var becomePassword(Map<String, Value> v) {
    for (String key : List.of("ansible_become_password", "ansible_become_pass",
        "ansible_sudo_pass")) {
      Value value = v.get(key);
      if (value == null) {
        continue;
      }
      Matcher m = ENV_LOOKUP.matcher(Texts.of(value.value()).strip());
      if (!m.matches()) {
        return null;
      }
      return BecomePassword.fromEnv(m.group(1), key, value.at(), "", problems, env);
    }
    return null;
  }

  private Map<String, Var> vars(Map<String, Value> v) {
    Map<String, Var> out = new LinkedHashMap<>();
    for (Map.Entry<String, Value> e : v.entrySet()) {
      String key = e.getKey();
      if (MAPPED.contains(key) || key.equals("inventory_file") || key.equals("inventory_dir")) {
        continue;
      }
      String text = Texts.of(e.getValue().value());
      Matcher m = ENV_LOOKUP.matcher(text.strip());
      if (m.matches()) {
        out.put(key, new Var(env.apply(m.group(1)), m.group(1)));
        continue;
      }
      if (key.startsWith("rollout_")) {
        problems.add(e.getValue().at(), "", "unknown Rollout variable \"" + key + "\"",
            Suggest.closest(key, MAPPED.stream().filter(k -> k.startsWith("rollout_")).toList())
                .map(k -> "did you mean \"" + k + "\"?").orElse("Rollout's own variables are "
                    + String.join(", ", MAPPED.stream().filter(k -> k.startsWith("rollout_"))
                    .sorted().toList())));
        continue;
      }
      if (PASSWORDS.contains(key)) {
        problems.add(e.getValue().at(), "", key + " is a password written in the inventory",
            "Rollout takes secrets only from the controller's environment: " + key
                + ": \"{{ lookup('env', 'NAME') }}\"");
        continue;
      }
      if (!key.matches("[A-Za-z_][A-Za-z0-9_-]*")) {
        problems.add(e.getValue().at(), "", "invalid variable name \"" + key + "\"",
            "use letters, digits, _ and -");
        continue;
      }
      out.put(key, Var.plain(text));
    }
    return out;
  }

  private Map<String, String> labels(Map<String, Value> v) {
    Value l = v.get("rollout_labels");
    if (l == null) {
      return Map.of();
    }
    if (!(l.value() instanceof Map<?, ?> m)) {
      problems.add(l.at(), "", "rollout_labels must be a map of names to values, found \""
          + Texts.of(l.value()) + "\"", "for example: rollout_labels: {role: web}");
      return Map.of();
    }
    Map<String, String> out = new LinkedHashMap<>();
    m.forEach((k, val) -> {
      if (val instanceof Map<?, ?> || val instanceof List<?>) {
        problems.add(l.at(), "", "label " + k + " must be text, found " + Texts.of(val), "");
      } else {
        out.put(String.valueOf(k), Texts.of(val));
      }
    });
    return out;
  }

  private List<String> strings(Map<String, Value> v, String key) {
    Value s = v.get(key);
    if (s == null) {
      return List.of();
    }
    if (s.value() instanceof List<?> list && list.stream().noneMatch(
        i -> i instanceof Map<?, ?> || i instanceof List<?>)) {
      return list.stream().map(Texts::of).toList();
    }
    if (s.value() instanceof String one) {
      return List.of(one);
    }
    problems.add(s.at(), "", key + " must be a list of names, found " + Texts.of(s.value()),
        "for example: " + key + ": [www.example.net]");
    return List.of();
  }

  private Route route(Map<String, Value> v, String key) {
    Value r = v.get(key);
    if (r == null) {
      return null;
    }
    if (!(r.value() instanceof Map<?, ?> m) || !m.keySet().equals(Set.of("host", "wrap"))) {
      problems.add(r.at(), "", key + " must be a map of host and wrap, found "
          + Texts.of(r.value()), "for example: " + key + ": {host: pve-1, wrap: pct exec 101 --}");
      return null;
    }
    String wrap = Texts.of(m.get("wrap"));
    try {
      Wrap.validate(wrap);
    } catch (Wrap.Invalid e) {
      problems.add(r.at(), "", key + ".wrap \"" + wrap + "\": " + e.getMessage()
          + " (at character " + (e.offset() + 1) + ")", e.hint());
      return null;
    }
    return new Route(Texts.of(m.get("host")), wrap);
  }

  private void checkAddress(Position hostAt, Map<String, Value> v, String address) {
    if (address != null && (!address.matches("[A-Za-z0-9.:\\[\\]_-]+")
        || address.startsWith("-"))) {
      problems.add(first(at(v, "ansible_host"), at(v, "ansible_ssh_host"), hostAt), "",
          "invalid address \"" + address + "\"", "an IP address or DNS name, without spaces");
    }
  }

  private static String text(Map<String, Value> v, String key) {
    Value x = v.get(key);
    return x == null || x.value() == null ? null : Texts.of(x.value());
  }

  static Position at(Map<String, Value> v, String key) {
    Value x = v.get(key);
    return x == null ? null : x.at();
  }

  @SafeVarargs
  private static <T> T first(T... options) {
    for (T o : options) {
      if (o != null) {
        return o;
      }
    }
    return null;
  }
}
