package dev.rollout.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollout.inventory.ansible.VarsTree;
import dev.rollout.source.Problem;
import dev.rollout.source.Problems;
import org.junit.jupiter.api.Test;

/**
 * An inventory is read as YAML once: the tree read to tell its format is the one loaded (issue 20;
 * it was read up to three times, twice only to tell the format). Counted, not timed.
 */
class InventoryReadOnceTest {

  private final InventoryLoader loader = new InventoryLoader(name -> null, "none");

  @Test
  void aTenThousandHostInventoryIsReadOnceToTellItsFormatAndLoadIt() {
    StringBuilder text = new StringBuilder("hosts:\n");
    for (int i = 1; i <= 10_000; i++) {
      text.append(String.format("  n%05d: { address: 10.0.%d.%d }%n", i, i / 256, i % 256));
    }
    text.append("groups:\n  app: [").append("n00001, n00002").append("]\n");
    Problems problems = new Problems();

    Inventory inv = loader.load("inventory.yml", text.toString(), VarsTree.EMPTY, problems);

    assertThat(problems.isEmpty()).isTrue();
    assertThat(inv.hosts()).hasSize(10_000);
    assertThat(loader.reads()).isEqualTo(1);
  }

  @Test
  void whatTheReadThatToldTheFormatFoundIsReportedOnce() {
    Problems problems = new Problems();
    String text = "hosts:\n  a: {address: 10.0.0.1}\n  a: {address: 10.0.0.2}\n";

    loader.load("inventory.yml", text, VarsTree.EMPTY, problems);

    assertThat(problems.sorted()).extracting(Problem::format).singleElement().asString()
        .startsWith("inventory.yml:3:3:").contains("duplicate key \"a\"");
    assertThat(loader.reads()).isEqualTo(1);
  }

  @Test
  void anAnsibleYamlInventoryIsToldFromOneReadAndLoadedByItsOwnReader() {
    Problems problems = new Problems();

    Inventory inv = loader.load("hosts.yml", "all:\n  hosts:\n    web1:\n      ansible_host:"
        + " 10.0.0.1\n", VarsTree.EMPTY, problems);

    assertThat(problems.sorted()).isEmpty();
    assertThat(inv.hosts()).containsOnlyKeys("web1");
    assertThat(loader.reads()).isEqualTo(1);
  }
}
