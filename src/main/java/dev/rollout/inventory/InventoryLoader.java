package dev.rollout.inventory;

import dev.rollout.inventory.ansible.AnsibleLoader;
import dev.rollout.inventory.ansible.VarsTree;
import dev.rollout.source.Fields;
import dev.rollout.source.InvalidInputException;
import dev.rollout.source.Node;
import dev.rollout.source.Node.Entry;
import dev.rollout.source.Node.MapNode;
import dev.rollout.source.Position;
import dev.rollout.source.Problems;
import dev.rollout.source.YamlLoader;
import dev.rollout.transport.ssh.config.ConfigFiles;
import dev.rollout.transport.ssh.config.SshConfig;
import dev.rollout.transport.ssh.config.Tokens;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads and validates {@code inventory.yml}, or an Ansible inventory in its place. Reports every
 * problem it finds, then throws.
 */
public final class InventoryLoader {

  private static final Set<String> TOP = Set.of("defaults", "hosts", "groups");
  private static final Set<String> HOST_KEYS = union(Settings.KEYS,
      Set.of("address", "labels", "serves", "via", "console", "container"));
  private static final Set<String> GROUP_KEYS = union(Settings.KEYS, Set.of("hosts"));

  private static final Set<String> DEFAULT_KEYS = union(Settings.KEYS, Set.of("sshConfig"));
  private static final String SYSTEM_SSH_CONFIG = "/etc/ssh/ssh_config";

  private final Function<String, String> env;
  private final String sshConfigOption;
  private final ConfigFiles files;
  private final String home;
  private final String localUser;
  private String sshConfigUsed;
  private int reads;

  public InventoryLoader(Function<String, String> env) {
    this(env, null);
  }

  /**
   * @param sshConfigOption {@code -F}: an ssh_config file, or {@code none}; null when not given
   *     (then the inventory's {@code defaults.sshConfig}, else {@code ~/.ssh/config} and
   *     /etc/ssh/ssh_config as OpenSSH reads them)
   */
  public InventoryLoader(Function<String, String> env, String sshConfigOption) {
    this(env, sshConfigOption, ConfigFiles.disk(), System.getProperty("user.home"),
        System.getProperty("user.name", "root"));
  }

  /**
   * Reads ssh_config from {@code files} (the disk, or a run's kept copy), with {@code ~} and
   * {@code %u} standing for {@code home} and {@code localUser}.
   */
  public InventoryLoader(Function<String, String> env, String sshConfigOption, ConfigFiles files,
      String home, String localUser) {
    this.env = env;
    this.sshConfigOption = sshConfigOption;
    this.files = files;
    this.home = home;
    this.localUser = localUser;
  }

  /** A loader that resolves hosts with the ssh_config files a run kept, as they were then. */
  public static InventoryLoader asKept(Function<String, String> env,
      InventorySources.SshConfigCopy kept) {
    return new InventoryLoader(env, kept.choice(), ConfigFiles.kept(kept.files()),
        kept.files().home(), kept.files().localUser());
  }

  /**
   * The ssh_config the last load used: an absolute path, {@code none}, or null for OpenSSH's
   * default files. Given to a later load as its {@code -F}, it picks the same files again.
   */
  public String sshConfigUsed() {
    return sshConfigUsed;
  }

  /** What the last load read of ssh_config, to keep with a run. */
  public ConfigFiles.Kept sshConfigRead() {
    return files.snapshot(home, localUser);
  }

  public Inventory load(String file, String text) throws InvalidInputException {
    Problems problems = new Problems();
    Inventory inv = load(file, text, problems);
    problems.throwIfAny();
    return inv;
  }

  /** Loads into {@code problems}; the result is partial (never null) when problems were found. */
  public Inventory load(String file, String text, Problems problems) {
    return load(file, text, VarsTree.EMPTY, problems);
  }

  /**
   * Loads Rollout's own inventory or an Ansible one ({@link InventoryFormat}); {@code tree} holds
   * the {@code group_vars/} and {@code host_vars/} beside an Ansible inventory.
   */
  public Inventory load(String file, String text, VarsTree tree, Problems problems) {
    return load(tell(file, text), file, text, tree, problems);
  }

  /** The inventory's format, told by reading the text once (counted: {@link #reads()}). */
  public InventoryFormat.Told tell(String file, String text) {
    reads++;
    return InventoryFormat.tell(file, text);
  }

  /**
   * Loads {@code text}, whose format {@code told} says: Rollout's own inventory from the tree
   * read to tell it, an Ansible one by its own reader.
   */
  public Inventory load(InventoryFormat.Told told, String file, String text, VarsTree tree,
      Problems problems) {
    InventoryFormat format = told.format();
    if (format.ansible()) {
      return new AnsibleInventoryReader(problems, env, new SshConfigLayer(sshConfig(sshConfigOption),
          problems, env)).read(file, text,
          format == InventoryFormat.ANSIBLE_INI ? AnsibleLoader.Format.INI
              : AnsibleLoader.Format.YAML, tree);
    }
    Node root = told.root();
    if (root == null) {
      reads++;
      root = new YamlLoader(file, problems).load(text);
    } else {
      problems.addAll(told.read());
    }
    if (root == null) {
      return new Inventory(file, Map.of(), Map.of());
    }
    Fields top = Fields.of(root, "the inventory", TOP, problems);
    if (top == null) {
      return new Inventory(file, Map.of(), Map.of());
    }
    top.require("hosts", "an inventory lists its hosts under \"hosts:\"");
    Settings defaults = Settings.EMPTY;
    String sshConfig = sshConfigOption;
    if (top.has("defaults")) {
      Fields f = Fields.of(top.get("defaults"), "defaults", DEFAULT_KEYS, problems);
      defaults = f == null ? defaults : Settings.read(f, problems, env).over(defaults);
      if (f != null && sshConfig == null) {
        sshConfig = f.string("sshConfig").map(v -> relativeTo(file, v)).orElse(null);
      }
    }
    SshConfigLayer ssh = new SshConfigLayer(sshConfig(sshConfig), problems, env);
    Map<String, MapNode> hostNodes = hostNodes(top.get("hosts"), problems);
    GroupReader groups = new GroupReader(problems, env, hostNodes.keySet());
    groups.read(top.get("groups"), GROUP_KEYS);
    Map<String, Host> hosts = new LinkedHashMap<>();
    HostReader reader = new HostReader(problems, env, ssh);
    for (Map.Entry<String, MapNode> e : hostNodes.entrySet()) {
      Settings base = groups.settingsFor(e.getKey(), e.getValue()).over(defaults);
      Host h = reader.read(e.getKey(), e.getValue(), base, HOST_KEYS);
      if (h != null) {
        hosts.put(h.name(), h);
      }
    }
    Map<String, SshConfigLayer.Result> sources = reader.sources;
    new References(problems, hosts, hostNodes).check();
    if (problems.isEmpty()) {
      new KeyFileChecks(problems, baseDir(file)).check(hosts, sources);
    }
    return new Inventory(file, hosts, groups.members());
  }

  private static Map<String, MapNode> hostNodes(Node node, Problems problems) {
    Map<String, MapNode> out = new LinkedHashMap<>();
    if (node == null) {
      return out;
    }
    if (!(node instanceof MapNode m)) {
      problems.add(node, "hosts must be a map of host names to settings, found " + node.kindName());
      return out;
    }
    if (m.entries().isEmpty()) {
      problems.add(node, "the inventory has no hosts");
    }
    for (Entry e : m.entries().values()) {
      if (!e.key().matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
        problems.add(e.keyPosition(), "hosts." + e.key(),
            "invalid host name \"" + e.key() + "\"", "use letters, digits, '.', '_' and '-'");
      } else if (e.value() instanceof MapNode hm) {
        out.put(e.key(), hm);
      } else {
        problems.add(e.value(), "host " + e.key() + " must be a map of settings, found "
            + e.value().kindName(), "at least: address: 10.0.0.5");
      }
    }
    return out;
  }

  private SshConfig sshConfig(String choice) {
    sshConfigUsed = absolute(choice, home);
    if (choice == null) {
      return SshConfig.defaults(Path.of(SYSTEM_SSH_CONFIG), files, home, localUser);
    }
    if (choice.equalsIgnoreCase("none")) {
      return SshConfig.none(home, localUser);
    }
    return SshConfig.file(Path.of(sshConfigUsed), files, home, localUser);
  }

  /** A {@code -F} value as one path: {@code ~} expanded, relative to the working directory. */
  public static String absolute(String choice, String home) {
    if (choice == null || choice.equalsIgnoreCase("none")) {
      return choice == null ? null : "none";
    }
    return Path.of(Tokens.tilde(choice, home)).toAbsolutePath().normalize().toString();
  }

  private static String relativeTo(String inventoryFile, String value) {
    if (value.equalsIgnoreCase("none") || value.startsWith("~") || value.startsWith("/")) {
      return value;
    }
    return baseDir(inventoryFile).resolve(value).normalize().toString();
  }

  static Path baseDir(String inventoryFile) {
    Path parent = Path.of(inventoryFile).toAbsolutePath().getParent();
    return parent == null ? Path.of(".") : parent;
  }

  /**
   * How many times this loader read an inventory's text as YAML, to tell its format or to load
   * it (a test seam: once per inventory; an Ansible inventory's own reader is not counted).
   */
  int reads() {
    return reads;
  }

  static Set<String> union(Set<String> a, Set<String> b) {
    java.util.HashSet<String> s = new java.util.HashSet<>(a);
    s.addAll(b);
    return Set.copyOf(s);
  }

  static Position keyPosition(MapNode parent, String key) {
    Entry e = parent.entries().get(key);
    return e == null ? parent.position() : e.keyPosition();
  }

  static List<String> names(Map<String, ?> m) {
    return List.copyOf(m.keySet());
  }
}
