package dev.rollout.transport.ssh.config;

import dev.rollout.transport.ssh.config.SshHostConfig.Sourced;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The ssh_config files OpenSSH would read, and what they say for a host. Follows OpenSSH 9.2's
 * readconf.c and ssh.c: files are read in order (the user's file, then the system's), a value is
 * taken from the first line that sets it, {@code Host} and {@code Match} decide which lines apply,
 * {@code Include} reads further files where it stands (relative to {@code ~/.ssh} in a user file,
 * {@code /etc/ssh} in the system file), and a {@code Match final} asks for a second pass against
 * the host name HostName gave.
 *
 * <p>Refused, with the file and line: a malformed line, a keyword OpenSSH does not know (unless
 * IgnoreUnknown names it), an Include nested deeper than 16 files (a loop), and a {@code Match
 * exec} that would be evaluated: Rollout never runs a command to decide where to connect.
 */
public final class SshConfig {

  /** How many Include levels OpenSSH follows (READCONF_MAX_DEPTH). */
  static final int MAX_DEPTH = 16;
  private static final int MAX_IDENTITY_FILES = 100;

  private static final int USERCONF = 1;
  private static final int CHECKPERM = 2;
  private static final int NEVERMATCH = 4;

  /** A top-level file: where it is, how OpenSSH reads it. */
  private record Top(Path path, int flags, boolean mustExist) {}

  private final List<Top> files;
  private final ConfigFiles source;
  private final String home;
  private final String localUser;
  private final Map<Path, List<ConfigLine>> parsed = new ConcurrentHashMap<>();
  /** Include globs, listed once: one inventory resolves thousands of hosts. */
  private final Map<String, List<Path>> globs = new ConcurrentHashMap<>();

  private SshConfig(List<Top> files, ConfigFiles source, String home, String localUser) {
    this.files = List.copyOf(files);
    this.source = source;
    this.home = home;
    this.localUser = localUser;
  }

  /** {@code -F none}: no file at all. */
  public static SshConfig none(String home, String localUser) {
    return new SshConfig(List.of(), ConfigFiles.disk(), home, localUser);
  }

  /** {@code -F FILE}: only this file, which must exist. */
  public static SshConfig file(Path file, String home, String localUser) {
    return file(file, ConfigFiles.disk(), home, localUser);
  }

  /** {@code -F FILE}, read from {@code source}. */
  public static SshConfig file(Path file, ConfigFiles source, String home, String localUser) {
    return new SshConfig(List.of(new Top(file, USERCONF, true)), source, home, localUser);
  }

  /** No {@code -F}: {@code ~/.ssh/config} then the system file, each when it exists. */
  public static SshConfig defaults(Path systemFile, String home, String localUser) {
    return defaults(systemFile, ConfigFiles.disk(), home, localUser);
  }

  /** No {@code -F}, read from {@code source}. */
  public static SshConfig defaults(Path systemFile, ConfigFiles source, String home,
      String localUser) {
    return new SshConfig(List.of(
        new Top(Path.of(home, ".ssh", "config"), USERCONF | CHECKPERM, false),
        new Top(systemFile, 0, false)), source, home, localUser);
  }

  /** Where the files are read from, and what was read so far. */
  public ConfigFiles source() {
    return source;
  }

  /** True when no file takes part: every host resolves to what was given from outside. */
  public boolean isEmpty() {
    return files.isEmpty();
  }

  /** The home directory {@code ~} stands for. */
  public String home() {
    return home;
  }

  /** The controller's user name ({@code %u}, and the login user when none is set). */
  public String localUser() {
    return localUser;
  }

  /**
   * What the files say for {@code host}, as {@code ssh -G [-l user] [-p port] host} resolves it.
   *
   * @param user the login user given from outside (wins over User), or null
   * @param port the port given from outside (wins over Port), or null
   */
  public SshHostConfig resolve(String host, String user, Integer port)
      throws SshConfigException {
    Options o = new Options();
    o.user = user;
    o.port = port;
    Pass first = new Pass(host, host, false, o);
    first.run();
    String name = host;
    if (o.hostname != null) {
      name = expandHostName(o.hostname, host);
    }
    if (!isAddress(name)) {
      name = name.toLowerCase(Locale.ROOT);
    }
    if (first.wantFinal) {
      o.hostname = new Sourced(name, o.hostname == null ? "" : o.hostname.file(),
          o.hostname == null ? 0 : o.hostname.line());
      new Pass(name, host, true, o).run();
    }
    return new SshHostConfig(host, name, o.user, o.port, List.copyOf(o.identityFiles),
        Boolean.TRUE.equals(o.identitiesOnly), o.proxyJump, o.proxyCommand, o.knownHosts,
        o.strict, o.connectTimeout, o.serverAlive);
  }

  private static String expandHostName(Sourced hostname, String host) throws SshConfigException {
    return Tokens.expand(hostname.value(), Map.of('h', host), hostname.file(), hostname.line(),
        "HostName");
  }

  static boolean isAddress(String s) {
    return s.matches("\\d{1,3}(\\.\\d{1,3}){3}") || s.contains(":") && s.matches("[0-9A-Fa-f:.]+");
  }

  /** The options a pass fills, first value wins. */
  private static final class Options {
    Sourced hostname;
    String user;
    Integer port;
    final List<Sourced> identityFiles = new ArrayList<>();
    Boolean identitiesOnly;
    String proxyJump;
    Sourced proxyCommand;
    Sourced knownHosts;
    Sourced strict;
    Integer connectTimeout;
    Integer serverAlive;
    String ignoreUnknown;
  }

  /** One reading of every file for one host. */
  private final class Pass {
    final String host;
    final String originalHost;
    final boolean finalPass;
    final Options o;
    boolean wantFinal;

    Pass(String host, String originalHost, boolean finalPass, Options o) {
      this.host = host;
      this.originalHost = originalHost;
      this.finalPass = finalPass;
      this.o = o;
    }

    void run() throws SshConfigException {
      for (Top top : files) {
        boolean[] active = {true};
        List<ConfigLine> lines = lines(top.path(), top.flags(), top.mustExist(), null, 0);
        if (lines != null) {
          process(lines, top.flags(), active, 0);
        }
      }
    }

    private void process(List<ConfigLine> lines, int flags, boolean[] active, int depth)
        throws SshConfigException {
      for (ConfigLine line : lines) {
        line(line, flags, active, depth);
      }
    }

    private void line(ConfigLine l, int flags, boolean[] active, int depth)
        throws SshConfigException {
      boolean on = active[0];
      switch (l.keyword()) {
        case "host" -> host(l, flags, active);
        case "match" -> active[0] = match(l) && (flags & NEVERMATCH) == 0;
        case "include" -> include(l, flags, active, depth);
        case "hostname" -> {
          String v = l.single();
          if (on && o.hostname == null) {
            o.hostname = new Sourced(v, l.file(), l.number());
          }
        }
        case "user" -> {
          String v = l.single();
          if (on && o.user == null) {
            o.user = v;
          }
        }
        case "port" -> {
          int p = port(l);
          if (on && o.port == null) {
            o.port = p;
          }
        }
        case "identityfile", "identityfile2" -> identityFile(l, on);
        case "identitiesonly" -> {
          boolean v = Values.flag(l);
          if (on && o.identitiesOnly == null) {
            o.identitiesOnly = v;
          }
        }
        case "proxyjump" -> proxyJump(l, on);
        case "proxycommand" -> {
          if (on && o.proxyJump == null && o.proxyCommand == null) {
            o.proxyCommand = new Sourced(l.rest(), l.file(), l.number());
          }
        }
        case "userknownhostsfile" -> knownHosts(l, on);
        case "stricthostkeychecking" -> {
          String v = Values.strict(l);
          if (on && o.strict == null) {
            o.strict = new Sourced(v, l.file(), l.number());
          }
        }
        case "connecttimeout" -> {
          Integer v = Values.time(l);
          if (on && o.connectTimeout == null) {
            o.connectTimeout = v;
          }
        }
        case "serveraliveinterval" -> {
          Integer v = Values.time(l);
          if (on && o.serverAlive == null) {
            o.serverAlive = v;
          }
        }
        case "ignoreunknown" -> {
          String v = l.single();
          if (on && o.ignoreUnknown == null) {
            o.ignoreUnknown = v;
          }
        }
        default -> unknown(l);
      }
    }

    private void unknown(ConfigLine l) throws SshConfigException {
      if (Keywords.KNOWN.contains(l.keyword())) {
        return;
      }
      if (o.ignoreUnknown != null && Patterns.matchList(l.keyword(), o.ignoreUnknown, true) == 1) {
        return;
      }
      throw l.error("Bad configuration option: " + l.keyword(), "OpenSSH does not know this"
          + " keyword either; fix its spelling, or list it in IgnoreUnknown");
    }

    private void host(ConfigLine l, int flags, boolean[] active) throws SshConfigException {
      active[0] = false;
      for (String arg : l.args()) {
        if (arg.isEmpty()) {
          throw l.error("keyword host empty argument", "give Host a pattern");
        }
        if ((flags & NEVERMATCH) != 0) {
          break;
        }
        boolean negated = arg.startsWith("!");
        if (Patterns.match(host, negated ? arg.substring(1) : arg)) {
          if (negated) {
            active[0] = false;
            break;
          }
          active[0] = true;
        }
      }
    }

    private boolean match(ConfigLine l) throws SshConfigException {
      String matchHost = finalPass ? o.hostname.value()
          : o.hostname != null ? expandHostName(o.hostname, host) : host;
      String ruser = o.user != null ? o.user : localUser;
      List<String> args = l.args();
      boolean result = true;
      int attributes = 0;
      for (int i = 0; i < args.size(); i++) {
        String attrib = args.get(i);
        boolean negate = attrib.startsWith("!");
        String a = (negate ? attrib.substring(1) : attrib).toLowerCase(Locale.ROOT);
        if (a.equals("all")) {
          if (attributes > 1 || i + 1 < args.size()) {
            throw l.error("'" + attrib + "' cannot be combined with other Match attributes",
                "write Match all alone, or after canonical or final only");
          }
          return result && !negate;
        }
        attributes++;
        if (a.equals("canonical") || a.equals("final")) {
          wantFinal |= a.equals("final") && !finalPass;
          if (finalPass == negate) {
            result = false;
          }
          continue;
        }
        if (i + 1 >= args.size() || args.get(i + 1).isEmpty()) {
          throw l.error("Missing Match criteria for " + attrib, "as in: Match host web-*");
        }
        String arg = args.get(++i);
        boolean r;
        switch (a) {
          case "host" -> r = Patterns.matchHost(matchHost, arg);
          case "originalhost" -> r = Patterns.matchHost(originalHost, arg);
          case "user" -> r = Patterns.matchList(ruser, arg, false) == 1;
          case "localuser" -> r = Patterns.matchList(localUser, arg, false) == 1;
          case "exec" -> {
            if (!result) {
              continue;
            }
            throw l.error("Match exec is refused: Rollout never runs a command from ssh_config"
                + " to decide how to reach a host (" + host + ")", "use Match host or Host"
                + " patterns, or give Rollout its own file with -F or sshConfig:");
          }
          default -> throw l.error("Unsupported Match attribute " + attrib,
              "OpenSSH 9.2 knows all, canonical, final, host, originalhost, user, localuser, exec");
        }
        if (r == negate) {
          result = false;
        }
      }
      if (attributes == 0) {
        throw l.error("One or more attributes required for Match", "as in: Match host web-*");
      }
      return result;
    }

    private void include(ConfigLine l, int flags, boolean[] active, int depth)
        throws SshConfigException {
      for (String arg : l.args()) {
        if (arg.isEmpty()) {
          throw l.error("keyword include empty argument", "name the file to include");
        }
        if (arg.startsWith("~") && (flags & USERCONF) == 0) {
          throw l.error("bad include path " + arg, "a system file cannot include from ~");
        }
        String pattern = arg.startsWith("/") || arg.startsWith("~") ? arg
            : ((flags & USERCONF) != 0 ? "~/.ssh/" : "/etc/ssh/") + arg;
        boolean outer = active[0];
        for (Path p : globs.computeIfAbsent(pattern, g -> source.expand(g, home))) {
          int f = flags | CHECKPERM | (outer ? 0 : NEVERMATCH);
          List<ConfigLine> lines = lines(p, f, false, l, depth + 1);
          if (lines != null) {
            process(lines, f, active, depth + 1);
          }
          active[0] = outer;
        }
      }
    }

    private int port(ConfigLine l) throws SshConfigException {
      String v = l.single();
      try {
        int p = Integer.parseInt(v);
        if (p >= 1 && p <= 65535) {
          return p;
        }
      } catch (NumberFormatException e) {
        // below
      }
      throw l.error("Bad port '" + v + "'", "a port number from 1 to 65535");
    }

    private void identityFile(ConfigLine l, boolean on) throws SshConfigException {
      String v = l.single();
      if (!on) {
        return;
      }
      if (o.identityFiles.size() >= MAX_IDENTITY_FILES) {
        throw l.error("Too many identity files specified (max 100)", "name fewer IdentityFiles");
      }
      if (o.identityFiles.stream().noneMatch(s -> s.value().equals(v))) {
        o.identityFiles.add(new Sourced(v, l.file(), l.number()));
      }
    }

    private void proxyJump(ConfigLine l, boolean on) throws SshConfigException {
      String v = l.rest();
      int hash = v.indexOf('#');
      v = (hash >= 0 ? v.substring(0, hash) : v).strip();
      List<JumpHost> hops;
      try {
        hops = JumpHost.parseList(v);
      } catch (IllegalArgumentException e) {
        throw l.error("Invalid ProxyJump \"" + v + "\": " + e.getMessage(),
            "[user@]host[:port], several separated by commas, or none");
      }
      if (on && o.proxyJump == null && o.proxyCommand == null) {
        int comma = v.lastIndexOf(',');
        o.proxyJump = hops.isEmpty() ? "none"
            : (comma > 0 ? v.substring(0, comma) + "," : "") + hops.get(hops.size() - 1);
      }
    }

    private void knownHosts(ConfigLine l, boolean on) throws SshConfigException {
      List<String> args = l.args();
      for (int i = 0; i < args.size(); i++) {
        if (args.get(i).isEmpty()) {
          throw l.error("keyword userknownhostsfile empty argument", "name a file");
        }
        if (args.get(i).equalsIgnoreCase("none") && args.size() > 1) {
          throw l.error("keyword userknownhostsfile \"none\" argument must appear alone.",
              "write none alone, or list files");
        }
      }
      if (on && o.knownHosts == null && !args.isEmpty()) {
        o.knownHosts = new Sourced(args.get(0), args, l.file(), l.number());
      }
    }
  }

  /**
   * The lines of {@code path}, parsed once for every host; null when it does not exist and need
   * not. {@code from} is the Include line that names it (null for a top-level file).
   */
  private List<ConfigLine> lines(Path path, int flags, boolean mustExist, ConfigLine from,
      int depth) throws SshConfigException {
    if (depth > MAX_DEPTH) {
      throw from.error("Too many recursive configuration includes: more than " + MAX_DEPTH
          + " levels, an Include loop?", "an Include line includes the file it stands in,"
          + " directly or through others");
    }
    List<ConfigLine> known = parsed.get(path);
    if (known != null) {
      return known;
    }
    String shown = path.toString();
    String text;
    try {
      text = source.read(path, (flags & CHECKPERM) != 0);
    } catch (NoSuchFileException e) {
      if (mustExist) {
        throw new SshConfigException(shown, 0, "Can't open user config file: no such file",
            "check the path given with -F or sshConfig:, or write none");
      }
      return null;
    } catch (IOException | java.io.UncheckedIOException e) {
      throw new SshConfigException(shown, 0, "Can't open user config file: " + e.getMessage(),
          "make it readable by this user");
    } catch (SecurityException e) {
      throw new SshConfigException(shown, 0, e.getMessage(),
          "OpenSSH refuses it too: chmod go-w " + shown);
    }
    List<ConfigLine> out = new ArrayList<>();
    String[] rows = text.split("\n", -1);
    for (int i = 0; i < rows.length; i++) {
      ConfigLine line = ConfigLine.parse(shown, i + 1, rows[i]);
      if (line != null) {
        out.add(line);
      }
    }
    List<ConfigLine> result = List.copyOf(out);
    parsed.put(path, result);
    return result;
  }
}
