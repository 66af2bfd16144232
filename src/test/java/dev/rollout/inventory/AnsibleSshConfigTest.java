package dev.rollout.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollout.source.Problem;
import dev.rollout.source.Problems;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An Ansible inventory's hosts are looked up in ssh_config as Ansible's own ssh would look them
 * up (by ansible_host, else the name); the inventory's values win over ssh_config's.
 */
class AnsibleSshConfigTest {

  @TempDir Path dir;

  private Inventory load(String ini, String sshConfig) throws Exception {
    Path config = Files.writeString(dir.resolve("ssh_config"), sshConfig);
    Path key = Files.writeString(dir.resolve("id_test"), "not read here");
    Files.writeString(dir.resolve("id_test.pub"), "not read here");
    Path file = Files.writeString(dir.resolve("hosts.ini"), ini.replace("KEY", key.toString()));
    Problems problems = new Problems();
    Inventory inv = new InventoryLoader(n -> null, config.toString())
        .load(file.toString(), Files.readString(file), problems);
    assertThat(problems.sorted()).extracting(Problem::format).isEmpty();
    return inv;
  }

  @Test
  void anAliasTakesHostNameUserPortKeyAndJumpHostFromSshConfig() throws Exception {
    Inventory inv = load("[app]\noff-net-alias\n", """
        Host off-net-alias
          HostName 127.0.151.20
          User deploy
          Port 2222
          IdentityFile %s
          IdentitiesOnly yes
          ProxyJump jump@127.0.151.21:2200
        """.formatted(dir.resolve("id_test")));

    Host h = inv.host("off-net-alias").orElseThrow();
    assertThat(h.address()).isEqualTo("127.0.151.20");
    assertThat(h.user()).isEqualTo("deploy");
    assertThat(h.port()).isEqualTo(2222);
    assertThat(h.identities()).containsExactly(dir.resolve("id_test").toString());
    assertThat(h.identitiesOnly()).isTrue();
    assertThat(h.jumps()).singleElement().satisfies(j -> {
      assertThat(j.address()).isEqualTo("127.0.151.21");
      assertThat(j.port()).isEqualTo(2200);
      assertThat(j.user()).isEqualTo("jump");
    });
  }

  @Test
  void theInventorysOwnValuesWinOverSshConfigs() throws Exception {
    Inventory inv = load("[app]\napp1 ansible_host=db.internal ansible_user=ops ansible_port=22"
        + " ansible_ssh_common_args='-J bastion'\nbastion ansible_host=127.0.151.30\n", """
        Host db.internal
          HostName 127.0.151.31
          User deploy
          Port 2222
          ProxyJump other@127.0.151.32
        """);

    Host h = inv.host("app1").orElseThrow();
    assertThat(h.address()).isEqualTo("127.0.151.31");
    assertThat(h.user()).isEqualTo("ops");
    assertThat(h.port()).isEqualTo(22);
    assertThat(h.via()).isEqualTo("bastion");
    assertThat(h.jumps()).isEmpty();
  }
}
