package dev.rollout.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rollout demo}, in this JVM: the embedded fleet, the demo plan through {@code apply} over
 * real SSH (MINA sshd servers on 127.0.80.x), and what is left afterwards.
 */
class DemoCommandTest {

  @TempDir Path tmp;

  @Test
  void replaysTheIncidentTheCanaryCrashesAndIsRolledBackOverTheConsole() {
    Cli demo = Cli.run("demo");

    assertThat(demo.code()).as(demo.out() + demo.err()).isZero();
    assertThat(demo.err())
        .contains("canary started: off-net")
        .contains("off-net: verifying -> rolling back (rehearsal")
        .contains("canary: soak of 20s")
        .contains("demo fleet: off-net crashed")
        .contains("off-net: FAILED (unreachable): probe \"")
        .contains("using the console path pct exec 101 -- @ pve-1")
        .contains("off-net: rolling back -> rolled back")
        .doesNotContain("wave 1 started");
    assertThat(demo.out())
        .contains("the change failed and was rolled back; every host healthy")
        .containsPattern("off-net +up +Docker on vfs +crashed, rolled back over the console")
        .containsPattern("robotoff-net +up +Docker on vfs +untouched")
        .containsPattern("monitoring +up +Docker on vfs +untouched")
        .contains("rollout apply exited 1: the change failed, and every host is back and healthy");
    Path files = Path.of(field(demo.out(), "files"));
    assertThat(files.getFileName().toString()).startsWith("rollout-demo-");
    assertThat(demo.out()).contains("demo: stopped the fleet and removed " + files);
    assertThat(files).doesNotExist();
  }

  /** With --output json, stdout is JSON Lines only: the demo's, the run's and the fleet's. */
  @Test
  void withOutputJsonPrintsTheFleetTheRunAndWhatTheContainersShowAsJsonLines() {
    Cli demo = Cli.run("demo", "--output", "json");

    assertThat(demo.code()).as(demo.out() + demo.err()).isZero();
    java.util.List<com.fasterxml.jackson.databind.JsonNode> lines = demo.out().lines()
        .map(CiOutputTest::parse).toList();
    assertThat(lines).allSatisfy(l -> assertThat(l.get("schemaVersion").asInt()).isOne());
    assertThat(lines.get(0).get("kind").asText()).isEqualTo("demo");
    assertThat(lines.get(0).get("event").asText()).isEqualTo("fleet-started");
    assertThat(lines.get(0).get("scenario").asText()).isEqualTo("incident");
    assertThat(lines.get(0).get("hosts")).hasSize(6);
    assertThat(lines).anySatisfy(l -> assertThat(l.get("kind").asText() + " " + l.path("text")
        .asText()).startsWith("log demo fleet: off-net crashed"));
    assertThat(lines).filteredOn(l -> l.get("kind").asText().equals("summary")).singleElement()
        .satisfies(l -> {
          assertThat(l.get("outcome").asText()).isEqualTo("rolled_back");
          assertThat(l.get("exitCode").asInt()).isOne();
        });
    com.fasterxml.jackson.databind.JsonNode ended = lines.stream()
        .filter(l -> l.path("event").asText().equals("ended")).findFirst().orElseThrow();
    assertThat(ended.get("asScripted").asBoolean()).isTrue();
    assertThat(ended.get("applyExitCode").asInt()).isOne();
    assertThat(ended.get("exitCode").asInt()).isZero();
    assertThat(ended.get("containers")).anySatisfy(c -> {
      assertThat(c.get("name").asText()).isEqualTo("off-net");
      assertThat(c.get("crashes").asInt()).isPositive();
      assertThat(c.get("runningDriver").asText()).isEqualTo("vfs");
    });
    com.fasterxml.jackson.databind.JsonNode last = lines.get(lines.size() - 1);
    assertThat(last.get("event").asText()).isEqualTo("stopped");
    assertThat(last.get("removed").asBoolean()).isTrue();
    assertThat(Path.of(last.get("dir").asText())).doesNotExist();
    assertThat(demo.err()).contains("What the demo showed", "demo: stopped the fleet");
  }

  @Test
  void theHealthyScenarioGoesThroughEveryWaveAndKeepsAGivenDirectory() {
    Path dir = tmp.resolve("demo");

    Cli demo = Cli.run("demo", "--scenario", "healthy", "--dir", dir.toString());

    assertThat(demo.code()).as(demo.out() + demo.err()).isZero();
    assertThat(demo.err()).contains("wave 1 started: robotoff-net",
        "wave 2 started: robotoff-dev, mongo-dev, monitoring", "watch completed",
        "run ended: completed").doesNotContain("crashed");
    assertThat(demo.out()).containsPattern("mongo-dev +up +Docker on fuse-overlayfs +changed")
        .contains("rollout apply exited 0")
        .contains("demo: stopped the fleet; its files stay in " + dir.toAbsolutePath());
    assertThat(dir.resolve("inventory.yml")).exists();
    assertThat(dir.resolve("hosts/pve-1/rootfs/104/etc/docker/daemon.json"))
        .content().contains("\"storage-driver\": \"fuse-overlayfs\"");
    assertThat(Cli.run("history", "-i", dir.resolve("inventory.yml").toString()).out())
        .contains("demo-storage-driver").contains("completed");
  }

  @Test
  void keepsTheFleetForCommandsByHand() throws Exception {
    Path dir = tmp.resolve("kept");
    String inv = dir.resolve("inventory.yml").toString();
    String plan = dir.resolve("plan.yml").toString();
    KeptDemo demo = KeptDemo.start(dir, "--keep-fleet");
    try (demo) {
      assertThat(demo.out()).contains("./rollout plan " + plan + " -i " + inv,
          "./rollout report 2");

      assertThat(Cli.run("validate", plan, "-i", inv).code()).isZero();
      assertThat(Cli.run("plan", plan, "-i", inv).out())
          .contains("console: pct exec 101 -- @ pve-1")
          .contains("takes down: world.openfoodfacts.net, api.openfoodfacts.net");
      Cli again = Cli.run("apply", plan, "-i", inv, "--yes");
      assertThat(again.code()).as(again.err()).isEqualTo(1);
      assertThat(again.err()).contains("off-net: rolling back -> rolled back");
      assertThat(demo.err()).contains("demo fleet: off-net crashed");
      assertThat(Cli.run("status", "-i", inv).out()).contains("ended: rolled back");
      assertThat(Cli.run("report", "-i", inv).out()).contains("**rolled_back**");
    }
    assertThat(demo.code()).isZero();
    assertThat(demo.out()).contains("demo: stopped the fleet; its files stay in");
    assertThat(Cli.run("history", "-i", inv).out().lines().filter(l -> l.contains("rolled back")))
        .hasSize(2);
  }

  @Test
  void startsOnlyTheFleetWhenAsked() throws Exception {
    Path dir = tmp.resolve("only");
    KeptDemo demo = KeptDemo.start(dir, "--fleet-only", "--scenario", "healthy");
    try (demo) {
      assertThat(demo.out()).doesNotContain("running   rollout apply");
      Cli none = Cli.run("history", "-i", dir.resolve("inventory.yml").toString());
      assertThat(none.out()).doesNotContain("demo-storage-driver");
      Cli check = Cli.run("plan", dir.resolve("plan.yml").toString(), "-i",
          dir.resolve("inventory.yml").toString(), "--check");
      assertThat(check.code()).as(check.out() + check.err()).isZero();
    }
    assertThat(demo.out()).contains("demo: stopped the fleet");
  }

  @Test
  void refusesADirectoryThatIsNotEmptyAndTouchesNothing() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("mine"));
    Files.writeString(dir.resolve("notes.txt"), "keep me\n");

    Cli demo = Cli.run("demo", "--dir", dir.toString());

    assertThat(demo.code()).isEqualTo(2);
    assertThat(demo.err()).contains("rollout: error: --dir " + dir + " is not empty");
    assertThat(dir.resolve("notes.txt")).hasContent("keep me");
    try (var files = Files.list(dir)) {
      assertThat(files).hasSize(1);
    }
  }

  @Test
  void refusesADirectoryOthersCanWriteTo() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("shared"));
    Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions
        .fromString("rwxrwxrwx"));

    Cli demo = Cli.run("demo", "--dir", dir.toString());

    assertThat(demo.code()).isEqualTo(2);
    assertThat(demo.err()).contains("--dir " + dir + " can be written by others");
  }

  @Test
  void theBundledPlansCannotTargetTheDemoFleetWhoseCommandsRunOnThisMachine() throws Exception {
    Path dir = tmp.resolve("safety");
    try (KeptDemo demo = KeptDemo.start(dir, "--fleet-only")) {
      assertThat(demo.out()).contains("Its hosts run commands on this machine, as you");
      for (String plan : List.of("docker-storage-driver", "docker-storage-driver-snapshot",
          "nginx-gzip", "sysctl-somaxconn")) {
        Cli check = Cli.run("validate", "plans/" + plan + ".yml", "-i",
            dir.resolve("inventory.yml").toString());
        assertThat(check.code()).as(plan + ": " + check.out() + check.err()).isEqualTo(2);
      }
    }
  }

  @Test
  void refusesKeepFleetWithFleetOnly() {
    Cli demo = Cli.run("demo", "--keep-fleet", "--fleet-only");

    assertThat(demo.code()).isEqualTo(2);
    assertThat(demo.err()).contains("--keep-fleet and --fleet-only do not go together");
  }

  @Test
  void refusesAnUnknownScenario() {
    Cli demo = Cli.run("demo", "--scenario", "meltdown");

    assertThat(demo.code()).isEqualTo(2);
    assertThat(demo.err()).contains("meltdown").contains("[incident, healthy]");
  }

  private static String field(String out, String name) {
    Matcher m = Pattern.compile("^  " + name + " +(\\S+)", Pattern.MULTILINE).matcher(out);
    assertThat(m.find()).as(name + " in " + out).isTrue();
    return m.group(1);
  }

  /** {@code rollout demo --dir DIR ARGS} on a thread of this JVM, its fleet kept until closed. */
  private static final class KeptDemo implements AutoCloseable {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final AtomicInteger code = new AtomicInteger(-1);
    private final Thread thread;

    private KeptDemo(String[] args) {
      thread = new Thread(() -> code.set(Main.run(args, new PrintWriter(out, true),
          new PrintWriter(err, true))), "kept-demo");
    }

    /** Starts it and waits until it printed its inventory line: the fleet is up. */
    static KeptDemo start(Path dir, String... args) {
      List<String> all = new java.util.ArrayList<>(List.of("demo", "--dir", dir.toString()));
      all.addAll(List.of(args));
      KeptDemo demo = new KeptDemo(all.toArray(String[]::new));
      demo.thread.start();
      await().atMost(Duration.ofSeconds(60)).until(() -> demo.out().contains("inventory: "));
      return demo;
    }

    String out() {
      return out.toString();
    }

    String err() {
      return err.toString();
    }

    int code() {
      return code.get();
    }

    /** Stops the fleet as a test can (an interrupt; Ctrl-C ends a real process instead). */
    @Override
    public void close() throws InterruptedException {
      thread.interrupt();
      thread.join(30_000);
    }
  }
}
