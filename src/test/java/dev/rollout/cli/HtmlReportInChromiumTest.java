package dev.rollout.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rollout.engine.Event;
import dev.rollout.journal.FileRunStore;
import dev.rollout.testfleet.FleetInventory;
import dev.rollout.testfleet.TestFleet;
import dev.rollout.testfleet.TestHost;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTML report of a real failed run, opened in Debian's real Chromium: a run over SSH to a
 * fleet of three hosts whose canary starts failing its probe two seconds after its change (with
 * {@code <script>} in the probe's output) and is rolled back. The browser's DOM must show a row
 * per host, the rollback band, and the canary's first failed check where the journal has it, in
 * the mark's data and on the chart's time axis; no script may run. Screenshots of a desktop and a
 * phone window, and the page printed to PDF, are kept in {@code target/report-artifacts/}.
 */
class HtmlReportInChromiumTest {

  static final Path ARTIFACTS = Path.of("target", "report-artifacts");
  static final String PLAN = """
      name: broken-canary
      targets: all
      strategy: { canary: 1, soak: 30s, waves: [100%], maxParallel: 2 }
      change:
        - name: write v2, broken two seconds from now
          run: echo v2 > config && echo $(( $(date +%s) + 2 )) > broken-at
      verify:
        - name: v2 in place
          run: grep -qx v2 config
      rollback:
        - name: restore
          run: echo v1 > config && rm -f broken-at
      health:
        interval: 200ms
        unhealthyAfter: 3
        probes:
          - name: not broken
            ssh: test ! -e broken-at || test "$(date +%s)" -lt "$(cat broken-at)" || { echo '<script>alert(1)</script>'; exit 1; }
      """;

  static TestFleet fleet;
  static Path dir;
  static String run;
  static List<Event> journal;
  static Path html;

  @BeforeAll
  static void failTheCanaryOverSsh(@TempDir Path temp) throws IOException {
    assumeTrue(Chromium.missing().isEmpty(), () -> Chromium.missing().orElseThrow());
    dir = temp;
    fleet = TestFleet.builder().hosts(3).network("127.0.165.").start(temp.resolve("fleet"));
    for (TestHost h : fleet.hosts()) {
      Files.writeString(h.sandbox().resolve("config"), "v1\n");
    }
    Files.writeString(dir.resolve("inventory.yml"), FleetInventory.yaml(fleet, Map.of()));
    Files.writeString(dir.resolve("plan.yml"), PLAN);
    Cli apply = rollout("apply", dir.resolve("plan.yml").toString(), "--yes");
    assertThat(apply.code()).as(apply.err()).isEqualTo(1);
    run = new FileRunStore(dir.resolve("state")).runIds().get(0);
    journal = new FileRunStore(dir.resolve("state")).open(run).orElseThrow().events();
    Files.createDirectories(ARTIFACTS);
    html = ARTIFACTS.resolve("failed-canary.html").toAbsolutePath();
    Cli report = rollout("report", run, "--format", "html", "--to", html.toString());
    assertThat(report.code()).as(report.err()).isZero();
  }

  static Cli rollout(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--state", dir.resolve("state").toString(), "-i",
        dir.resolve("inventory.yml").toString()));
    return Cli.run(all.toArray(String[]::new));
  }

  @Test
  void theCanarysRowShowsItsFirstFailureWhereTheJournalHasItBesideTheRollbackBand()
      throws IOException {
    Event.ProbeResultChanged first = journal.stream()
        .filter(Event.ProbeResultChanged.class::isInstance).map(Event.ProbeResultChanged.class::cast)
        .filter(p -> p.host().equals("host-1") && p.firstFailure()).findFirst().orElseThrow();
    // failed by monitoring after unhealthyAfter checks, or (on a slow machine, where the probe
    // already fails when the change is verified) by the probe round right after the change
    Event.HostFailed failed = journal.stream().filter(Event.HostFailed.class::isInstance)
        .map(Event.HostFailed.class::cast).findFirst().orElseThrow();
    assertThat(failed.host()).isEqualTo("host-1");
    assertThat(first.at()).isBefore(failed.at());

    try (Chromium browser = Chromium.start(dir.resolve("chromedriver.log"), 1280, 1400)) {
      browser.open(html);
      JsonNode dom = browser.run(Files.readString(Path.of("src/test/resources/report-dom.js")));
      browser.screenshot(ARTIFACTS.resolve("failed-canary.png"));
      Path pdf = ARTIFACTS.resolve("failed-canary.pdf");
      browser.print(pdf);
      assertThat(Files.readAllBytes(pdf)).as("a printed PDF").startsWith("%PDF".getBytes());

      assertThat(dom.path("scripts").asInt()).as("scripts in the page").isZero();
      assertThat(texts(dom.path("rows"))).containsExactly("host-1", "host-2", "host-3");
      assertThat(dom.path("rollbackBands").asInt()).isEqualTo(1);
      assertThat(dom.path("markFrom").asText()).isEqualTo(millis(first.at()));
      assertThat(dom.path("markTitle").asText()).contains("probe \"not broken\"",
          "<script>alert(1)</script>");
      Instant start = Instant.parse(dom.path("start").asText());
      Instant end = Instant.parse(dom.path("end").asText());
      double expected = 170 + Duration.between(start, first.at()).toMillis() * 1000.0
          / Duration.between(start, end).toMillis();
      assertThat(dom.path("markX").asDouble()).as("the mark's x on the time axis")
          .isCloseTo(expected, within(2.5));
      Instant rollback = journal.stream().filter(Event.RollbackStarted.class::isInstance)
          .findFirst().orElseThrow().at();
      assertThat(dom.path("rollbackFrom").asText()).isEqualTo(millis(rollback));
      assertThat(dom.path("rollbackX").asDouble()).isGreaterThan(dom.path("markX").asDouble());
      assertThat(dom.path("failuresText").asText()).contains("host-1", "not broken",
          "<script>alert(1)</script>");
      assertThat(dom.path("hostDetails").asInt()).isEqualTo(3);
    }
  }

  @Test
  void onAPhoneOnlyTheChartScrollsSideways() throws IOException {
    try (Chromium browser = Chromium.start(dir.resolve("chromedriver-phone.log"), 390, 844)) {
      browser.open(html);
      JsonNode dom = browser.run("return {page: document.documentElement.scrollWidth, "
          + "window: window.innerWidth};");
      browser.screenshot(ARTIFACTS.resolve("failed-canary-phone.png"));

      assertThat(dom.path("page").asInt()).isLessThanOrEqualTo(dom.path("window").asInt());
    }
  }

  @Test
  void theMarkdownReportOfTheSameRunShowsThePlansTimingsAndTheTrueFirstFailure() {
    Cli md = rollout("report", run);

    assertThat(md.code()).as(md.err()).isZero();
    assertThat(md.out()).contains("- soak: 30s", "- waveSoak: 0s", "- watch: 0s",
        "- interval: 200ms", "- unhealthyAfter: 3");
    Instant first = journal.stream().filter(Event.ProbeResultChanged.class::isInstance)
        .map(Event.ProbeResultChanged.class::cast).filter(Event.ProbeResultChanged::firstFailure)
        .findFirst().orElseThrow().at();
    assertThat(md.out()).contains(java.time.format.DateTimeFormatter
        .ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(java.time.ZoneOffset.UTC).format(first)
        + " **first-failed-probe**");
  }

  static String millis(Instant t) {
    return t.truncatedTo(java.time.temporal.ChronoUnit.MILLIS).toString();
  }

  static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  @org.junit.jupiter.api.AfterAll
  static void stopTheFleet() {
    if (fleet != null) {
      fleet.close();
    }
  }
}
