package dev.rollout.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollout.inventory.ansible.VarsTree;
import dev.rollout.plan.PlanFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run keeps an Ansible inventory's vars directories with it: resume sees what apply saw. */
class InventorySourcesTest {

  @TempDir Path dir;

  @Test
  void aRunsCopyOfTheInventoryHoldsItsGroupVarsAsTheyWereWhenItStarted() throws Exception {
    Path inv = Files.writeString(dir.resolve("hosts"), "[web]\nweb1\n");
    Files.createDirectories(dir.resolve("group_vars"));
    Files.writeString(dir.resolve("group_vars/web.yml"), "release: v2\n");
    Path plan = Files.writeString(dir.resolve("plan.yml"), """
        name: p
        targets: web
        change: [{run: "echo ${vars.release}"}]
        rollback: [{run: "true"}]
        """);
    PlanFiles files = new PlanFiles(n -> null);

    PlanFiles.Loaded first = files.load(plan, inv);
    Files.writeString(dir.resolve("group_vars/web.yml"), "release: v3\n");
    PlanFiles.Loaded resumed = files.load(plan.toString(), first.planBytes(), inv.toString(),
        first.inventoryBytes());

    assertThat(resumed.plan().inventory().host("web1").orElseThrow().vars().get("release")
        .value()).isEqualTo("v2");
    assertThat(resumed.hash()).isEqualTo(first.hash());
    PlanFiles.Loaded now = files.load(plan, inv);
    assertThat(now.plan().inventory().host("web1").orElseThrow().vars().get("release").value())
        .isEqualTo("v3");
    assertThat(now.hash().inventory()).as("the vars file is in the hash")
        .isNotEqualTo(first.hash().inventory());
  }

  @Test
  void packsAndUnpacksTheFileAndItsTreeAndLeavesAPlainFileAsItIs() {
    byte[] file = "[web]\nweb1\n".getBytes();
    VarsTree tree = new VarsTree(Map.of("group_vars/web/a.yml", "x: 1\n".getBytes()),
        Set.of("group_vars", "group_vars/web"));

    InventorySources.Unpacked u = InventorySources.unpack(InventorySources.pack(file, tree));

    assertThat(u.file()).isEqualTo(file);
    assertThat(u.tree().dirs()).isEqualTo(tree.dirs());
    assertThat(u.tree().files().get("group_vars/web/a.yml")).isEqualTo("x: 1\n".getBytes());
    assertThat(InventorySources.pack(file, VarsTree.EMPTY)).isSameAs(file);
    assertThat(InventorySources.unpack(file).file()).isSameAs(file);
  }

  @Test
  void aRunsCopyKeepsTheSshConfigFilesItReadAndSaysWhichChangedSince() throws Exception {
    Path config = Files.writeString(dir.resolve("ssh_config"),
        "Include " + dir + "/conf.d/*\nHost *\n  User deploy\n");
    Files.createDirectories(dir.resolve("conf.d"));
    Path part = Files.writeString(dir.resolve("conf.d/web"), "Host web1\n  HostName 10.9.0.1\n");
    Path inv = Files.writeString(dir.resolve("inventory.yml"), "hosts:\n  web1: {address: web1}\n");
    Path plan = Files.writeString(dir.resolve("plan.yml"), """
        name: p
        targets: [web1]
        change: [{run: "true"}]
        rollback: [{run: "true"}]
        """);
    PlanFiles.Loaded first = new PlanFiles(n -> null, config.toString()).load(plan, inv);
    InventorySources.SshConfigCopy kept = InventorySources.unpack(first.inventoryBytes()).ssh();
    assertThat(kept.choice()).isEqualTo(config.toString());
    assertThat(kept.files().texts()).containsOnlyKeys(config.toString(), part.toString());
    assertThat(kept.files().changedOnDisk()).isEmpty();

    Files.writeString(part, "Host web1\n  HostName 10.9.0.2\n");
    Files.writeString(dir.resolve("conf.d/new"), "Host *\n  Port 2222\n");
    PlanFiles.Loaded resumed = new PlanFiles(n -> null).load(plan.toString(),
        first.planBytes(), inv.toString(), first.inventoryBytes());

    Host web1 = resumed.plan().inventory().host("web1").orElseThrow();
    assertThat(web1.address()).isEqualTo("10.9.0.1");
    assertThat(web1.user()).isEqualTo("deploy");
    assertThat(web1.port()).isEqualTo(22);
    assertThat(resumed.hash()).isEqualTo(first.hash());
    assertThat(resumed.inventoryBytes()).isEqualTo(first.inventoryBytes());
    assertThat(kept.files().changedOnDisk())
        .containsExactly(dir.resolve("conf.d/new").toString(), part.toString());
    assertThat(new PlanFiles(n -> null, config.toString()).load(plan, inv).plan().inventory()
        .host("web1").orElseThrow().port()).as("a new run reads the files as they are now")
        .isEqualTo(2222);
  }
}
