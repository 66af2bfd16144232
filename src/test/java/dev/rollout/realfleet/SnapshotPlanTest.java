package dev.rollout.realfleet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code plans/docker-storage-driver-snapshot.yml} on a real LXC container, ct-2 (VMID 102, its
 * console the Proxmox form {@code pct exec 102 --}), of the shared LXC fleet: its {@code on:
 * consoleHost} steps run {@code pct} on the hypervisor, where the shim's {@code pct snapshot} and
 * {@code pct rollback} are {@code lxc-snapshot} and {@code lxc-snapshot -r}. Only the inventory is
 * the fleet's (and the plan's times are test times). The failing path first, which must leave the
 * container as it was; the healthy path last, after which the test restores the container from the
 * plan's own snapshot, so the shared fleet is left as it was found.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SnapshotPlanTest {

  @RegisterExtension static final LxcFleet FLEET = LxcFleet.shared(3);

  private static final String CT = "ct-2";
  private static final String SNAPSHOT = "rollout-before-fuse";

  @TempDir Path dir;

  @Test
  @Order(1)
  void withoutItsBringBackTheProbesCatchTheHiddenServiceAndTheSnapshotIsRestored()
      throws Exception {
    ObjectNode old = RealPlans.without(RealPlans.onTestTime("docker-storage-driver-snapshot"),
        "change", Set.of("bring the services back on the new driver"));
    RealPlans.without(old, "verify", Set.of("the service runs"));
    Path plan = RealPlans.write(old, dir.resolve("plan.yml"));

    Rollout.Result r = apply(plan);

    assertThat(r.code()).as(r.toString()).isEqualTo(1);
    assertThat(r.err()).as(r.toString()).contains("site answers")
        .contains("\"roll the container back to its snapshot and start it\" exit 0");
    assertBaseline();
    assertThat(FLEET.snapshots(CT)).as("kept after the rollback").containsExactly(SNAPSHOT);
  }

  @Test
  @Order(2)
  void withItsBringBackTheContainerIsSnapshottedSwitchedAndServesOnFuseOverlayfs()
      throws Exception {
    Path plan = RealPlans.write(RealPlans.onTestTime("docker-storage-driver-snapshot"),
        dir.resolve("plan.yml"));

    Rollout.Result r = apply(plan);

    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(FLEET.docker(CT, "info", "--format", "{{.Driver}}")).isEqualTo("fuse-overlayfs");
    assertThat(FLEET.docker(CT, "inspect", "--format", "{{.State.Running}}", "web"))
        .isEqualTo("true");
    assertThat(DockerStorageDriverTest.get(url())).isEqualTo("ok " + CT + "\n");
    assertThat(FLEET.snapshots(CT)).as("lxc-snapshot -L").containsExactly(SNAPSHOT);
    assertThat(FLEET.snapshotFile(CT, SNAPSHOT, "etc/docker/daemon.json")).contains("\"vfs\"");

    FLEET.restore(CT, SNAPSHOT);
    assertBaseline();
  }

  private Rollout.Result apply(Path plan) throws java.io.IOException {
    Path inventory = Files.writeString(dir.resolve("inventory.yml"),
        FLEET.inventory(List.of(CT)));
    return Rollout.run("apply", plan.toString(), "-i", inventory.toString(), "--yes",
        "--state", dir.resolve("state").toString());
  }

  /** vfs, the service container running and answering, the container's own files as before. */
  private static void assertBaseline() throws Exception {
    assertThat(FLEET.docker(CT, "info", "--format", "{{.Driver}}")).isEqualTo("vfs");
    assertThat(Files.readString(FLEET.rootfs(CT).resolve("etc/docker/daemon.json")))
        .doesNotContain("fuse-overlayfs");
    assertThat(FLEET.docker(CT, "inspect", "--format", "{{.State.Running}}", "web"))
        .isEqualTo("true");
    assertThat(DockerStorageDriverTest.get(url())).isEqualTo("ok " + CT + "\n");
  }

  private static String url() {
    return "http://" + FLEET.address(CT) + ":" + RealHost.SERVICE_PORT + "/health";
  }
}
