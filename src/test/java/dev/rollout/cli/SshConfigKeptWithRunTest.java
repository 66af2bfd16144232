package dev.rollout.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollout.testfleet.OpenSshServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code apply -F FILE} keeps the ssh_config files it read (the file and its Includes) with the
 * run: a {@code promote} without {@code -F}, after the files were edited to point elsewhere,
 * still reaches the hosts that only the run's file names, with its user, port and key, and says
 * which files changed; a {@code -F} naming another file is refused, naming both. Against a real
 * OpenSSH server.
 */
class SshConfigKeptWithRunTest {

  @TempDir static Path temp;
  static OpenSshServer server;
  static Path key;
  static Path knownHosts;

  @BeforeAll
  static void startServer() throws Exception {
    Assumptions.assumeTrue(OpenSshServer.available(),
        "OpenSSH is not installed (apt-get install openssh-server): " + OpenSshServer.SSHD);
    server = OpenSshServer.start(temp.resolve("server"), "127.0.159.11");
    key = OpenSshServer.keygen(temp.resolve("id_ed25519"), "ed25519");
    server.authorize(Path.of(key + ".pub"));
    knownHosts = Files.write(temp.resolve("known_hosts"), server.keyscan());
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void promoteWithoutDashFReachesTheRunsHostsAsTheyStartedAfterTheFileChanged()
      throws Exception {
    Path dir = Files.createDirectories(temp.resolve("kept"));
    Path config = dir.resolve("fleet_config");
    Path included = dir.resolve("fleet.d/hosts.conf");
    Files.createDirectories(included.getParent());
    Files.writeString(included, hosts(server.address(), server.port()));
    Files.writeString(config, """
        Include %s/fleet.d/*.conf
        Host *
          User %s
          IdentityFile %s
          UserKnownHostsFile %s
          IdentitiesOnly yes
        """.formatted(dir, System.getProperty("user.name"), key, knownHosts));
    Files.writeString(dir.resolve("inventory.yml"), """
        hosts:
          one: { address: fleet-one }
          two: { address: fleet-two }
        """);
    Path marker = dir.resolve("reached");
    Files.writeString(dir.resolve("plan.yml"), plan(marker));
    String plan = dir.resolve("plan.yml").toString();
    String inventory = dir.resolve("inventory.yml").toString();

    Cli apply = Cli.run("apply", plan, "-i", inventory, "-F", config.toString(), "--yes",
        "--until", "canary");
    assertThat(apply.code()).as(apply.err()).isEqualTo(5);
    String run = runId(apply.err());
    assertThat(Files.readString(marker)).isEqualTo(reached("one"));

    // The aliases now lead nowhere, and a new file is matched by the Include pattern.
    Files.writeString(included, hosts("127.0.159.99", 1));
    Files.writeString(dir.resolve("fleet.d/more.conf"), "Host *\n  Port 2\n");

    Cli other = Cli.run("promote", run, "-i", inventory, "-F", dir.resolve("other").toString());
    assertThat(other.code()).as(other.err()).isEqualTo(2);
    assertThat(other.err()).contains("-F " + config).contains(dir.resolve("other").toString());
    assertThat(Files.readString(marker)).isEqualTo(reached("one"));

    Path log = temp.resolve("server/sshd.log");
    int before = Files.readString(log).length();
    Cli promote = Cli.run("promote", run, "-i", inventory);
    assertThat(promote.code()).as(promote.err()).isZero();
    assertThat(Files.readString(marker)).isEqualTo(reached("one") + reached("two"));
    assertThat(promote.err())
        .contains("ssh_config " + included + " changed since the run started")
        .contains("ssh_config " + dir.resolve("fleet.d/more.conf") + " changed");
    assertThat(Files.readString(log).substring(before)).as("promote logged in with the key")
        .contains("Accepted publickey for " + System.getProperty("user.name") + " ")
        .contains(OpenSshServer.keygenFingerprint(key).split(" ")[1]);

    Cli same = Cli.run("report", run, "-i", inventory);
    assertThat(same.code()).as(same.err()).isZero();
  }

  /** The marker line a host's change writes: its name, the login user and the server's port. */
  private static String reached(String host) {
    return host + " " + System.getProperty("user.name") + " " + server.address() + " "
        + server.port() + "\n";
  }

  private static String hosts(String address, int port) {
    return """
        Host fleet-one fleet-two
          HostName %s
          Port %d
        """.formatted(address, port);
  }

  private static String runId(String err) {
    Matcher m = Pattern.compile("rollout: run (\\S+) \\(journal").matcher(err);
    assertThat(m.find()).as(err).isTrue();
    return m.group(1);
  }

  private static String plan(Path marker) {
    return """
        name: reach
        targets: [one, two]
        strategy: { canary: 1, soak: 100ms, waves: [100%%] }
        change:
          - run: echo ${host.name} "$(id -un)" $SSH_CONNECTION | cut -d' ' -f1,2,5,6 >> %s
        rollback:
          - run: "true"
        health:
          interval: 100ms
          probes:
            - name: ssh answers
              ssh: "true"
        """.formatted(marker);
  }
}
