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
}
