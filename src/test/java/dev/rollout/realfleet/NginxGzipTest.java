package dev.rollout.realfleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
 * {@code plans/nginx-gzip.yml} on three real nginx servers. node-1's nginx.conf already says
 * {@code gzip off;} in its http block, so the plan's snippet makes its configuration invalid
 * (a duplicate directive): {@code nginx -t} must catch it before any reload. node-2 and node-3
 * take the snippet.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NginxGzipTest {

  @RegisterExtension static final RealFleet FLEET = RealFleet.nginx(3, "127.0.155.31",
      i -> i == 1 ? "gzip off;  # set here long ago\n" : "");

  @TempDir Path dir;

  @Test
  @Order(1)
  void aConfigurationNginxRefusesIsCaughtByNginxTBeforeReloadAndRolledBack() throws Exception {
    RealHost canary = FLEET.host(1);
    Optional<Long> master = canary.nginxPid();
    Optional<Long> other = FLEET.host(2).nginxPid();
    Path plan = RealPlans.write(RealPlans.onTestTime("nginx-gzip"), dir.resolve("plan.yml"));

    Rollout.Result r = Rollout.run("apply", plan.toString(), "-i", inventory(h -> true), "--yes",
        "--state", dir.resolve("state").toString());

    assertThat(r.code()).as(r.toString()).isEqualTo(1);
    assertThat(r.err()).as(r.toString()).contains("\"test the configuration\" exit 1")
        .doesNotContain("node-1: change 4");
    assertThat(canary.etcNginx().resolve("conf.d/gzip.conf")).doesNotExist();
    assertThat(canary.nginxPid()).isPresent().isEqualTo(master);
    assertServes(canary, false);
    assertThat(FLEET.host(2).nginxPid()).isEqualTo(other);
    assertThat(FLEET.host(2).etcNginx().resolve("conf.d/gzip.conf.rollout-absent"))
        .doesNotExist();
    assertServes(FLEET.host(2), false);
  }

  @Test
  @Order(2)
  void aGoodConfigurationIsReloadedAndProbedAndEveryHostServesGzip() throws Exception {
    Optional<Long> untouched = FLEET.host(1).nginxPid();
    Path plan = RealPlans.write(RealPlans.onTestTime("nginx-gzip"), dir.resolve("plan.yml"));

    Rollout.Result r = Rollout.run("apply", plan.toString(), "-i",
        inventory(h -> !h.name().equals("node-1")), "--yes", "--state",
        dir.resolve("state").toString());

    assertThat(r.code()).as(r.toString()).isZero();
    for (RealHost h : FLEET.hosts().subList(1, 3)) {
      assertThat(Files.readString(h.etcNginx().resolve("conf.d/gzip.conf")))
          .startsWith("gzip on;");
      assertThat(h.nginxPid()).isPresent();
      assertServes(h, true);
    }
    assertThat(FLEET.host(1).nginxPid()).isEqualTo(untouched);
    assertServes(FLEET.host(1), false);
  }

  private static String inventory(java.util.function.Predicate<RealHost> web)
      throws IOException {
    Path file = FLEET.dir().resolve("inventory-" + System.nanoTime() + ".yml");
    Files.writeString(file, FLEET.inventory(Map.of(), web));
    return file.toString();
  }

  /** nginx answers 200 with the page, compressed or not, to a client that accepts gzip. */
  private static void assertServes(RealHost h, boolean gzip) throws Exception {
    HttpResponse<byte[]> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create(h.nginxUrl() + "/")).header("Accept-Encoding", "gzip")
        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(r.statusCode()).as(h.name()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Encoding")).as(h.name() + " Content-Encoding")
        .isEqualTo(gzip ? Optional.of("gzip") : Optional.empty());
    assertThat(Set.of(r.body().length > 0)).containsExactly(true);
  }
}
