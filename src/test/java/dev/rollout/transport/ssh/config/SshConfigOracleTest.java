package dev.rollout.transport.ssh.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * OpenSSH is the oracle: for every config and host of {@code sshconfig/corpus.txt}, Rollout's
 * resolution equals what {@code ssh -G -F CONFIG [-l USER] [-p PORT] HOST} prints for the
 * keywords Rollout reads, with HOME pointed at a temporary directory; a config that ssh refuses
 * Rollout refuses too.
 */
class SshConfigOracleTest {

  private static final List<String> KEYS = List.of("hostname", "user", "port", "identityfile",
      "identitiesonly", "proxyjump", "proxycommand", "userknownhostsfile",
      "stricthostkeychecking", "connecttimeout", "serveraliveinterval");
  private static final List<String> DEFAULT_IDENTITIES = List.of("~/.ssh/id_rsa",
      "~/.ssh/id_ecdsa", "~/.ssh/id_ecdsa_sk", "~/.ssh/id_ed25519", "~/.ssh/id_ed25519_sk",
      "~/.ssh/id_xmss", "~/.ssh/id_dsa");
  private static final String PW_HOME = System.getProperty("user.home");
  private static final String LOCAL_USER = System.getProperty("user.name");

  @TempDir Path tmp;

  record Case(String name, String config, Map<String, String> files, List<String> hosts) {}

  @TestFactory
  Stream<DynamicTest> rolloutResolvesEveryHostAsSshDashGDoes() throws IOException {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/ssh")),
        "needs Debian's openssh-client (/usr/bin/ssh) as the oracle");
    List<Case> cases = corpus();
    assertThat(cases).hasSizeGreaterThanOrEqualTo(30);
    return cases.stream().flatMap(c -> c.hosts().stream().map(h ->
        DynamicTest.dynamicTest(c.name() + " / " + h, () -> check(c, h))));
  }

  private void check(Case c, String hostLine) throws Exception {
    Path home = Files.createTempDirectory(tmp, "home");
    Path ssh = Files.createDirectories(home.resolve(".ssh"));
    for (Map.Entry<String, String> f : c.files().entrySet()) {
      Path p = ssh.resolve(f.getKey());
      Files.createDirectories(p.getParent());
      Files.writeString(p, f.getValue());
    }
    Path config = home.resolve("config-under-test");
    Files.writeString(config, c.config());
    String[] words = hostLine.split(" ");
    String host = words[0];
    String user = null;
    Integer port = null;
    for (int i = 1; i + 1 < words.length; i += 2) {
      if (words[i].equals("-l")) {
        user = words[i + 1];
      } else {
        port = Integer.parseInt(words[i + 1]);
      }
    }
    List<String> command = new ArrayList<>(List.of("ssh", "-G", "-F", config.toString()));
    command.addAll(Arrays.asList(words).subList(1, words.length));
    command.add(host);
    Oracle oracle = run(command, home);
    SshConfig mine = SshConfig.file(config, home.toString(), LOCAL_USER);
    if (oracle.exit != 0) {
      String u = user;
      Integer p = port;
      assertThatThrownBy(() -> mine.resolve(host, u, p))
          .as("ssh refused it: %s", oracle.stderr)
          .isInstanceOf(SshConfigException.class);
      return;
    }
    assertThat(render(mine.resolve(host, user, port))).as(hostLine)
        .isEqualTo(oracle.values);
  }

  private static Map<String, List<String>> render(SshHostConfig c) {
    Map<String, List<String>> m = new LinkedHashMap<>();
    m.put("hostname", List.of(c.hostName()));
    m.put("user", List.of(c.user() == null ? LOCAL_USER : c.user()));
    m.put("port", List.of(String.valueOf(c.port() == null ? 22 : c.port())));
    m.put("identityfile", c.identityFiles().isEmpty() ? DEFAULT_IDENTITIES
        : c.identityFiles().stream().map(SshHostConfig.Sourced::value).toList());
    m.put("identitiesonly", List.of(c.identitiesOnly() ? "yes" : "no"));
    if (c.proxyJump() != null && !c.proxyJump().equals("none")) {
      m.put("proxyjump", List.of(c.proxyJump()));
    }
    if (c.proxyCommand() != null && !c.proxyCommand().value().equalsIgnoreCase("none")) {
      m.put("proxycommand", List.of(c.proxyCommand().value()));
    }
    List<String> kh = c.userKnownHostsFiles() == null
        ? List.of("~/.ssh/known_hosts", "~/.ssh/known_hosts2") : c.userKnownHostsFiles().values();
    m.put("userknownhostsfile", kh.stream().map(f -> Tokens.tilde(f, PW_HOME)).toList());
    String strict = c.strictHostKeyChecking() == null ? "ask"
        : c.strictHostKeyChecking().value();
    m.put("stricthostkeychecking", List.of(switch (strict) {
      case "yes" -> "true";
      case "no" -> "false";
      default -> strict;
    }));
    m.put("connecttimeout", List.of(c.connectTimeoutSeconds() == null ? "none"
        : String.valueOf(c.connectTimeoutSeconds())));
    m.put("serveraliveinterval", List.of(String.valueOf(
        c.serverAliveIntervalSeconds() == null ? 0 : c.serverAliveIntervalSeconds())));
    return sorted(m);
  }

  private static Map<String, List<String>> sorted(Map<String, List<String>> m) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (String k : KEYS) {
      if (m.containsKey(k)) {
        out.put(k, m.get(k));
      }
    }
    return out;
  }

  record Oracle(int exit, Map<String, List<String>> values, String stderr) {}

  private static Oracle run(List<String> command, Path home) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.PIPE);
    pb.environment().put("HOME", home.toString());
    Process p = pb.start();
    p.getOutputStream().close();
    byte[] out = p.getInputStream().readAllBytes();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
    Map<String, List<String>> values = new LinkedHashMap<>();
    for (String line : new String(out, StandardCharsets.UTF_8).split("\n")) {
      int sp = line.indexOf(' ');
      if (sp < 0) {
        continue;
      }
      String k = line.substring(0, sp);
      String v = line.substring(sp + 1);
      if (!KEYS.contains(k)) {
        continue;
      }
      if (k.equals("userknownhostsfile")) {
        values.put(k, List.of(v.split(" ")));
      } else {
        values.computeIfAbsent(k, x -> new ArrayList<>()).add(unquote(v));
      }
    }
    return new Oracle(p.exitValue(), sorted(values), err);
  }

  private static String unquote(String v) {
    return v.length() > 1 && v.startsWith("\"") && v.endsWith("\"")
        ? v.substring(1, v.length() - 1) : v;
  }

  private static List<Case> corpus() throws IOException {
    String text;
    try (var in = SshConfigOracleTest.class.getResourceAsStream("/sshconfig/corpus.txt")) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    List<Case> cases = new ArrayList<>();
    String[] blocks = text.split("(?m)^=== ");
    for (int b = 1; b < blocks.length; b++) {
      String[] parts = blocks[b].split("(?m)^--- ");
      String name = parts[0].substring(0, parts[0].indexOf('\n'));
      String config = parts[0].substring(parts[0].indexOf('\n') + 1);
      Map<String, String> files = new LinkedHashMap<>();
      List<String> hosts = List.of();
      for (int i = 1; i < parts.length; i++) {
        String head = parts[i].substring(0, parts[i].indexOf('\n'));
        String body = parts[i].substring(parts[i].indexOf('\n') + 1);
        if (head.equals("hosts")) {
          hosts = body.lines().filter(l -> !l.isBlank()).toList();
        } else {
          files.put(head.substring("file ".length()), body);
        }
      }
      cases.add(new Case(name, config, files, hosts));
    }
    return cases;
  }
}
