package dev.rollout.realfleet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code plans/docker-storage-driver.yml}, the incident's change, on three real Docker daemons:
 * vfs to fuse-overlayfs, which hides every image and container made under vfs. Only the inventory
 * is the fleet's (and the plan's times are test times). The failing paths run first and must
 * leave every host as it was (vfs, service up); the healthy path last.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DockerStorageDriverTest {

  @RegisterExtension static final RealFleet FLEET = RealFleet.docker(3, "127.0.155.11");

  @TempDir Path dir;

  @Test
  @Order(1)
  void checkSaysPerHostTheDriverWhatTheSwitchHidesAndWhetherFuseOverlayfsIsThere()
      throws IOException {
    Map<String, Optional<Long>> pids = dockerdPids();
    Path plan = RealPlans.write(RealPlans.onTestTime("docker-storage-driver"),
        dir.resolve("plan.yml"));

    Rollout.Result r = Rollout.run("plan", plan.toString(), "-i", inventory(Map.of()),
        "--check");

    assertThat(r.code()).as(r.toString()).isZero();
    for (RealHost h : FLEET.hosts()) {
      assertThat(checkOf(r.out(), h.name())).as(r.toString()).contains("ready, way back proven",
          "what the switch will hide: vfs, 1 image(s) and 1 container(s) made under it",
          "fuse-overlayfs is installed: /usr/bin/fuse-overlayfs");
    }
    assertUnchanged(pids);
  }

  @Test
  @Order(2)
  void aBringBackThatFailsOnTheCanaryIsRolledBackToVfsWithItsServiceUpAndNothingElseTouched()
      throws IOException {
    Map<String, Optional<Long>> pids = dockerdPids();
    RealHost canary = FLEET.host(1);
    Path plan = RealPlans.write(RealPlans.onTestTime("docker-storage-driver"),
        dir.resolve("plan.yml"));
    String inventory = inventory(Map.of(canary.name(),
        Map.of("serviceDir", canary.unpublishedServiceDir().toString())));

    Rollout.Result r = Rollout.run("apply", plan.toString(), "-i", inventory, "--yes",
        "--state", dir.resolve("state").toString());

    assertThat(r.code()).as(r.toString()).isEqualTo(1);
    assertThat(r.err()).contains("bring the services back on the new driver");
    assertBaseline(canary);
    assertThat(canary.dockerdPid()).isNotEqualTo(pids.get(canary.name()));
    assertUnchanged(Map.of("node-2", pids.get("node-2"), "node-3", pids.get("node-3")));
  }

  @Test
  @Order(3)
  void theOldPlanWithoutABringBackLeavesTheServiceDeadTheProbesCatchItAndRollBack()
      throws IOException {
    Map<String, Optional<Long>> pids = dockerdPids();
    ObjectNode old = RealPlans.without(RealPlans.onTestTime("docker-storage-driver"), "change",
        Set.of("bring the services back on the new driver"));
    RealPlans.without(old, "verify", Set.of("the service runs"));
    Path plan = RealPlans.write(old, dir.resolve("plan.yml"));

    Rollout.Result r = Rollout.run("apply", plan.toString(), "-i", inventory(Map.of()), "--yes",
        "--state", dir.resolve("state").toString());

    assertThat(r.code()).as(r.toString()).isEqualTo(1);
    assertThat(r.err()).as(r.toString()).contains("site answers");
    assertBaseline(FLEET.host(1));
    assertUnchanged(Map.of("node-2", pids.get("node-2"), "node-3", pids.get("node-3")));
  }

  @Test
  @Order(4)
  void withItsBringBackThePlanSwitchesEveryHostAndItsServiceRunsOnFuseOverlayfs()
      throws Exception {
    Path plan = RealPlans.write(RealPlans.onTestTime("docker-storage-driver"),
        dir.resolve("plan.yml"));

    Rollout.Result r = Rollout.run("apply", plan.toString(), "-i", inventory(Map.of()), "--yes",
        "--state", dir.resolve("state").toString());

    assertThat(r.code()).as(r.toString()).isZero();
    for (RealHost h : FLEET.hosts()) {
      assertThat(h.driver()).as(h.name()).isEqualTo("fuse-overlayfs");
      assertThat(Files.readString(h.daemonJson())).contains("fuse-overlayfs");
      assertThat(h.serviceRunning()).as(h.name()).isTrue();
      assertThat(get(h.serviceUrl() + "/health")).isEqualTo("ok " + h.name() + "\n");
    }
  }

  /** The lines {@code plan --check} printed for {@code host}. */
  static String checkOf(String out, String host) {
    List<String> lines = out.substring(out.indexOf("Preflight check")).lines().toList();
    StringBuilder block = new StringBuilder();
    boolean in = false;
    for (String l : lines) {
      if (l.matches("^  \\S.*")) {
        in = l.startsWith("  " + host + " ");
      }
      if (in) {
        block.append(l).append('\n');
      }
    }
    return block.toString();
  }

  private static String inventory(Map<String, Map<String, String>> overrides)
      throws IOException {
    Path file = FLEET.dir().resolve("inventory-" + System.nanoTime() + ".yml");
    Files.writeString(file, FLEET.inventory(overrides));
    return file.toString();
  }

  private static Map<String, Optional<Long>> dockerdPids() {
    Map<String, Optional<Long>> pids = new LinkedHashMap<>();
    FLEET.hosts().forEach(h -> pids.put(h.name(), h.dockerdPid()));
    return pids;
  }

  /** vfs, its service container running and answering. */
  private static void assertBaseline(RealHost h) throws IOException {
    assertThat(h.driver()).as(h.name()).isEqualTo("vfs");
    assertThat(Files.readString(h.daemonJson())).doesNotContain("fuse-overlayfs");
    assertThat(h.serviceRunning()).as(h.name() + " service").isTrue();
    assertThat(get(h.serviceUrl() + "/health")).isEqualTo("ok " + h.name() + "\n");
  }

  /** Never restarted, never backed up, still vfs with its service. */
  private static void assertUnchanged(Map<String, Optional<Long>> pids) throws IOException {
    for (Map.Entry<String, Optional<Long>> e : pids.entrySet()) {
      RealHost h = FLEET.hosts().stream().filter(x -> x.name().equals(e.getKey())).findFirst()
          .orElseThrow();
      assertThat(h.dockerdPid()).as(h.name() + " dockerd").isEqualTo(e.getValue());
      assertThat(h.daemonJson().resolveSibling("daemon.json.rollout-bak")).doesNotExist();
      assertBaseline(h);
    }
  }

  static String get(String url) {
    try {
      HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
          HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 ? r.body() : "HTTP " + r.statusCode();
    } catch (IOException e) {
      return "no answer: " + e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }

  static List<String> names() {
    return FLEET.hosts().stream().map(RealHost::name).toList();
  }
}
