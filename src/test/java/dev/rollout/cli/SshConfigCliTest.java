package dev.rollout.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollout.testfleet.OpenSshServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The operator's own ssh_config, given with {@code -F} or {@code sshConfig:}, against three real
 * OpenSSH servers: a host known only by its alias is reached through a two-hop ProxyJump chain
 * with the User, Port, IdentityFile and UserKnownHostsFile the file gives; what Rollout refuses in
 * such a file is an error with its file and line, exit 2, before anything is touched.
 */
class SshConfigCliTest {

  @TempDir static Path temp;
  static OpenSshServer jump1;
  static OpenSshServer jump2;
  static OpenSshServer target;
  static Path key;
  static Path knownHosts;

  @BeforeAll
  static void startServers() throws Exception {
    Assumptions.assumeTrue(OpenSshServer.available(),
        "OpenSSH is not installed (apt-get install openssh-server): " + OpenSshServer.SSHD);
    jump1 = OpenSshServer.start(temp.resolve("jump1"), "127.0.152.11");
    jump2 = OpenSshServer.start(temp.resolve("jump2"), "127.0.152.12");
    target = OpenSshServer.start(temp.resolve("target"), "127.0.152.13");
    key = OpenSshServer.keygen(temp.resolve("id_ed25519"), "ed25519");
    List<String> lines = new ArrayList<>();
    for (OpenSshServer s : List.of(jump1, jump2, target)) {
      s.authorize(Path.of(key + ".pub"));
      lines.addAll(s.keyscan());
    }
    knownHosts = Files.write(temp.resolve("known_hosts"), lines);
  }

  @AfterAll
  static void stopServers() {
    for (OpenSshServer s : new OpenSshServer[] {jump1, jump2, target}) {
      if (s != null) {
        s.close();
      }
    }
  }

  @Test
  void reachesAnAliasThroughAProxyJumpChainFromTheSshConfig() throws Exception {
    Path dir = Files.createDirectories(temp.resolve("chain"));
    Path config = Files.writeString(dir.resolve("ssh_config"), """
        Host app-behind-gates
          HostName %s
          Port %d
          ProxyJump gate-one,gate-two
        Host gate-one
          HostName %s
          Port %d
        Host gate-two
          HostName %s
          Port %d
        Host *
          User %s
          IdentityFile %s
          UserKnownHostsFile %s
          IdentitiesOnly yes
        """.formatted(target.address(), target.port(), jump1.address(), jump1.port(),
        jump2.address(), jump2.port(), System.getProperty("user.name"), key, knownHosts));
    Files.writeString(dir.resolve("inventory.yml"), """
        defaults:
          sshConfig: ssh_config
        hosts:
          app: { address: app-behind-gates }
        """);
    Path marker = dir.resolve("ran-on-target");
    Files.writeString(dir.resolve("plan.yml"), plan(marker));

    Cli r = Cli.run("apply", dir.resolve("plan.yml").toString(), "-i",
        dir.resolve("inventory.yml").toString(), "--yes");

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(Files.readString(marker)).isEqualTo("app\n");
    for (OpenSshServer gate : List.of(jump1, jump2)) {
      assertThat(Files.readString(temp.resolve(gate == jump1 ? "jump1" : "jump2")
          .resolve("sshd.log"))).contains("Accepted publickey");
    }
    Cli preview = Cli.run("plan", dir.resolve("plan.yml").toString(), "-i",
        dir.resolve("inventory.yml").toString());
    assertThat(preview.code()).as(preview.err()).isZero();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "StrictHostKeyChecking no|Host *\\n  StrictHostKeyChecking no|2|StrictHostKeyChecking no",
      "Match exec|Match exec \"test -e /tmp\"\\n  User x|1|Match exec is refused",
      "Include loop|Include %DIR%/ssh_config|1|Too many recursive configuration includes",
      "missing IdentityFile|Host *\\n  IdentityFile %DIR%/no-such-key|2|does not exist",
      "malformed line|Host *\\n  Prot 22|2|Bad configuration option: prot",
  })
  void refusesWhatItCannotFollowWithFileAndLineAndTouchesNothing(String name, String text,
      int line, String message) throws Exception {
    Path dir = Files.createDirectories(temp.resolve(name.replace(' ', '-')));
    Path config = Files.writeString(dir.resolve("ssh_config"),
        text.replace("\\n", "\n").replace("%DIR%", dir.toString()) + "\n");
    Files.writeString(dir.resolve("inventory.yml"), """
        defaults:
          knownHosts: %s
        hosts:
          app: { address: %s, port: %d, identity: %s }
        """.formatted(knownHosts, target.address(), target.port(), key));
    Path marker = dir.resolve("ran-on-target");
    Files.writeString(dir.resolve("plan.yml"), plan(marker));

    Cli r = Cli.run("apply", dir.resolve("plan.yml").toString(), "-i",
        dir.resolve("inventory.yml").toString(), "-F", config.toString(), "--yes");

    assertThat(r.code()).as(r.err()).isEqualTo(2);
    assertThat(r.err()).contains(config + ":" + line).contains(message);
    assertThat(marker).doesNotExist();
  }

  @Test
  void dashFNoneReadsNoFile() throws Exception {
    Path dir = Files.createDirectories(temp.resolve("none"));
    Files.writeString(dir.resolve("inventory.yml"), """
        defaults:
          sshConfig: does-not-exist
        hosts:
          app: { address: 127.0.152.99 }
        """);
    Files.writeString(dir.resolve("plan.yml"), plan(dir.resolve("m")));
    Cli missing = Cli.run("validate", dir.resolve("plan.yml").toString(), "-i",
        dir.resolve("inventory.yml").toString());
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err()).contains("does-not-exist");
    Cli none = Cli.run("validate", dir.resolve("plan.yml").toString(), "-i",
        dir.resolve("inventory.yml").toString(), "-F", "none");
    assertThat(none.code()).as(none.err()).isZero();
  }

  private static String plan(Path marker) {
    return """
        name: touch
        targets: [app]
        strategy: { canary: 1, soak: 100ms, waves: [100%%] }
        change:
          - run: echo ${host.name} > %s
        rollback:
          - run: rm -f %s
        health:
          interval: 100ms
          probes:
            - name: ssh answers
              ssh: "true"
        """.formatted(marker, marker);
  }
}
