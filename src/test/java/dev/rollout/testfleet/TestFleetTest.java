package dev.rollout.testfleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestFleetTest {

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void startsFiveHostsOnTheirOwnAddressesQuickly(@TempDir Path dir) throws Exception {
    TestFleet.start(dir.resolve("warm-up"), 1).close();
    long start = System.nanoTime();
    try (TestFleet fleet = TestFleet.start(dir.resolve("fleet"), 5)) {
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
      assertThat(fleet.hosts()).extracting(TestHost::address)
          .containsExactly("127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.5", "127.0.0.6");
      assertThat(Files.readAllLines(fleet.knownHosts()))
          .containsExactlyElementsOf(fleet.hosts().stream().map(TestHost::knownHostsLine).toList());
    }
  }

  @Test
  void healthFollowsTheUnhealthyFileAndShowsTheVersion(@TempDir Path dir) throws Exception {
    try (TestFleet fleet = TestFleet.start(dir, 1)) {
      TestHost host = fleet.host(1);
      Files.writeString(host.sandbox().resolve("version"), "v2\n");
      assertThat(get(host)).extracting(HttpResponse::statusCode, HttpResponse::body)
          .containsExactly(200, "ok v2\n");

      host.setHealthy(false);
      assertThat(get(host).statusCode()).isEqualTo(503);
      host.setHealthy(true);
      host.failHealthAfter(Duration.ZERO);
      assertThat(get(host).statusCode()).isEqualTo(503);
    }
  }

  @Test
  void aRestartedHostKeepsItsPorts(@TempDir Path dir) throws Exception {
    try (TestFleet fleet = TestFleet.start(dir, 1)) {
      TestHost host = fleet.host(1);
      int ssh = host.sshPort();
      int web = host.httpPort();

      host.stop();
      host.start();

      assertThat(host.sshPort()).isEqualTo(ssh);
      assertThat(host.httpPort()).isEqualTo(web);
      assertThat(get(host).statusCode()).isEqualTo(200);
    }
  }

  private HttpResponse<String> get(TestHost host) throws Exception {
    return http.send(HttpRequest.newBuilder(host.healthUrl()).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
