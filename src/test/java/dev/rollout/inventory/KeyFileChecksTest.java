package dev.rollout.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollout.source.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** validate and plan find a missing key or known_hosts file before connecting, once per file. */
class KeyFileChecksTest {

  @TempDir Path dir;

  private Inventory load(String yaml, String sshConfig) throws Exception {
    Path inv = Files.writeString(dir.resolve("inventory.yml"), yaml);
    return new InventoryLoader(n -> null, sshConfig).load(inv.toString(), yaml);
  }

  @Test
  void aMissingIdentityFileIsOneProblemNamingEveryHostThatUsesIt() {
    String yaml = """
        defaults:
          identity: keys/missing
          hostKeys: accept-new
        hosts:
          a: { address: 127.0.152.21 }
          b: { address: 127.0.152.22 }
        """;
    assertThatThrownBy(() -> load(yaml, "none"))
        .isInstanceOf(InvalidInputException.class)
        .satisfies(e -> {
          var problems = ((InvalidInputException) e).problems();
          assertThat(problems).hasSize(1);
          assertThat(problems.get(0).message()).contains("does not exist", "named for a, b");
        });
  }

  @Test
  void aNamedKnownHostsFileMustExistUnlessAcceptNew() throws Exception {
    Files.writeString(dir.resolve("key"), "k");
    String strict = """
        defaults:
          identity: key
          knownHosts: kh
        hosts:
          a: { address: 127.0.152.21 }
        """;
    assertThatThrownBy(() -> load(strict, "none")).isInstanceOf(InvalidInputException.class)
        .satisfies(e -> assertThat(((InvalidInputException) e).problems().toString())
            .contains("known_hosts file").contains("accept-new"));
    assertThat(load(strict.replace("knownHosts: kh", "knownHosts: kh\n  hostKeys: accept-new"),
        "none").hosts()).containsKey("a");
  }

  @Test
  void sshConfigFillsWhatTheInventoryLeavesOutAndTheInventoryWins() throws Exception {
    Files.writeString(dir.resolve("k1"), "k");
    Files.writeString(dir.resolve("kh"), "");
    Path config = Files.writeString(dir.resolve("ssh_config"), """
        Host web
          HostName 127.0.152.30
          User deploy
          Port 2222
          IdentityFile %s/k1
          UserKnownHostsFile %s/kh
          ServerAliveInterval 20
        """.formatted(dir, dir));
    Inventory inv = load("""
        hosts:
          a: { address: web }
          b: { address: web, user: ops, port: 22 }
        """, config.toString());
    Host a = inv.host("a").orElseThrow();
    assertThat(a.address()).isEqualTo("127.0.152.30");
    assertThat(a.user()).isEqualTo("deploy");
    assertThat(a.port()).isEqualTo(2222);
    assertThat(a.identities()).containsExactly(dir + "/k1");
    assertThat(a.knownHosts()).isEqualTo(dir + "/kh");
    assertThat(a.serverAliveInterval()).hasSeconds(20);
    Host b = inv.host("b").orElseThrow();
    assertThat(b.user()).isEqualTo("ops");
    assertThat(b.port()).isEqualTo(22);
  }
}
