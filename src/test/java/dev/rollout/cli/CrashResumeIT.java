package dev.rollout.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollout.engine.Event;
import dev.rollout.engine.HostState;
import dev.rollout.engine.RunRecord;
import dev.rollout.journal.FileJournal;
import dev.rollout.testfleet.FleetInventory;
import dev.rollout.testfleet.TestFleet;
import dev.rollout.testfleet.TestHost;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a real controller (a child JVM running the jar) with SIGKILL at many points of a run,
 * resumes it, and checks every time that the run ends right, every host is either changed and
 * healthy or rolled back, no change step ran twice, and the journal parses.
 */
class CrashResumeIT {

  static final String STEPS = """
      change:
        - name: back up
          run: cp config config.bak && echo x >> backup-count
        - name: write v2
          run: echo v2 > config && echo x >> change-count
      verify:
        - run: grep -qx v2 config
      rollback:
        - run: if [ -e config.bak ]; then cp config.bak config; fi; echo x >> rollback-count
      health:
        interval: 100ms
        unhealthyAfter: 2
        probes:
          - name: health endpoint
            http: "${vars.health}"
          - name: shell answers
            ssh: "true"
      """;

  static final String PLAN = "name: crash\ntargets: all\nstrategy: {canary: 1, soak: 400ms, "
      + "waves: [1, 100%], waveSoak: 200ms, maxParallel: 2, watch: 200ms}\n" + STEPS;

  @TempDir static Path temp;
  static TestFleet fleet;

  @BeforeAll
  static void startFleet() {
    fleet = TestFleet.start(temp.resolve("fleet"), 4);
  }

  @AfterAll
  static void stopFleet() {
    fleet.close();
  }

  @Test
  void resumesASuccessfulRunKilledAtEveryPoint() throws Exception {
    int events = cleanRunEvents(PLAN);
    // 20 points spread over the whole run (about 7 s each here): every stage, its soak and the
    // watch get killed in; the abort test below kills at every event of its own
    List<Integer> points = spread(events, 20);
    for (int k : points) {
      crashAndResume("ok-" + k, PLAN, k, 0);
    }
    assertThat(points).hasSizeGreaterThanOrEqualTo(18);
  }

  @Test
  void resumesAFailingRunKilledDuringItsRollback() throws Exception {
    String failing = PLAN.replace("grep -qx v2 config", "test ! -e fail-here || exit 1");
    Files.createDirectories(fleet.host(2).sandbox());
    int events = cleanRunEvents(failing);
    List<Integer> points = spread(events, 10);
    for (int k : points) {
      crashAndResume("fail-" + k, failing, k, 2);
    }
  }

  @Test
  void ctrlCExits130WithAConsistentJournalAndResumeFinishes() throws Exception {
    String longSoak = PLAN.replace("soak: 400ms", "soak: 8s");
    Path dir = prepare("sigint", longSoak, 0);
    ChildController c = ChildController.start(dir, 0, args(dir));
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60))
        .until(() -> c.stderr().contains("canary: soak of"));
    c.signal("INT");
    int code = c.waitForExit();

    assertThat(code).as(c.stderr()).isEqualTo(130);
    dev.rollout.journal.JournalContents j = FileJournal.read(journal(dir));
    assertThat(j.tornTail()).isFalse();
    assertThat(j.events()).last().isInstanceOf(Event.RunInterrupted.class);
    Files.writeString(dir.resolve("plan.yml"), PLAN);
    ChildController resumed = ChildController.start(dir, 0, "resume",
        ChildController.onlyRun(dir.resolve("state")), "-i", "inventory.yml", "--state", "state");
    int after = resumed.waitForExit();
    check("sigint", dir, after, 0, resumed.stderr());
    assertThat(resumed.stderr()).contains("changed since the run started");
  }

  static final String GATED = PLAN.replace("cp config.bak config; fi;",
      "cp config.bak config; fi; sleep 0.3;");

  @Test
  void anAbortKilledAtEveryEventIsFinishedByResumeAbortOrPromoteAndTouchesNoPendingHost()
      throws Exception {
    String[] next = {"resume", "abort", "promote"};
    int events = abortEvents();
    assertThat(events).isGreaterThanOrEqualTo(8);
    for (int k = 1; k < events; k++) {
      String how = next[k % next.length];
      String what = how + " after the abort was killed at its event " + k;
      Path dir = pausedAtTheGate("abort-" + k);
      String run = ChildController.onlyRun(dir.resolve("state"));
      ChildController abort = ChildController.start(dir, k, "abort", run, "-i", "inventory.yml",
          "--state", "state");
      assertThat(abort.awaitPauseOrExit()).as(what + "\n" + abort.stderr()).isTrue();
      abort.kill();

      ChildController second = ChildController.start(dir, 0, how, run, "-i", "inventory.yml",
          "--state", "state");

      int code = second.waitForExit();
      assertThat(code).as(what + "\n" + second.stderr()).isEqualTo(1);
      RunRecord r = RunRecord.fold(FileJournal.read(journal(dir)).events());
      assertThat(r.outcome()).as(what).contains(dev.rollout.engine.Outcome.ROLLED_BACK);
      for (TestHost h : fleet.hosts()) {
        assertThat(read(h, "config")).as(what + " " + h.name()).isEqualTo("v1");
        assertThat(r.hosts().get(h.name())).as(what + " " + h.name())
            .isIn(HostState.ROLLED_BACK, HostState.PENDING);
      }
      for (TestHost h : fleet.hosts().subList(1, fleet.hosts().size())) {
        assertThat(lines(h, "change-count")).as(what + ": pending " + h.name() + " changed")
            .isZero();
      }
      assertThat(lines(fleet.host(1), "rollback-count")).as(what).isBetween(1, 2);
    }
  }

  @Test
  void aPromoteKilledAtAnyPointIsCarriedOnByResume() throws Exception {
    Path clean = pausedAtTheGate("promote-clean");
    ChildController c = ChildController.start(clean, 0, "promote",
        ChildController.onlyRun(clean.resolve("state")), "-i", "inventory.yml", "--state",
        "state");
    assertThat(c.waitForExit()).as(c.stderr()).isZero();
    int paused = eventsUntilPaused(clean);
    int events = FileJournal.read(journal(clean)).events().size() - paused;
    for (int k : spread(events, 8)) {
      String what = "resume after the promote was killed at its event " + k;
      Path dir = pausedAtTheGate("promote-" + k);
      String run = ChildController.onlyRun(dir.resolve("state"));
      ChildController promote = ChildController.start(dir, k, "promote", run, "-i",
          "inventory.yml", "--state", "state");
      assertThat(promote.awaitPauseOrExit()).as(what + "\n" + promote.stderr()).isTrue();
      promote.kill();

      ChildController resume = ChildController.start(dir, 0, "resume", run, "-i",
          "inventory.yml", "--state", "state");

      // 0 (all changed) or 1 (verify found a change killed mid-step not in place, so the run
      // rolled back), never 5: the gate stays passed
      check(what, dir, resume.waitForExit(), 0, resume.stderr());
    }
  }

  @Test
  void sigtermDuringAChangeStepExits130JournalsNoHostFailureAndResumeLetsVerifyDecide()
      throws Exception {
    String slow = PLAN.replace("""
          verify:""", """
            - name: settle
              run: sleep 4
          verify:""");
    for (int i = 0; i < 3; i++) {
      Path dir = prepare("sigterm-" + i, slow, 0);
      ChildController c = ChildController.start(dir, 0, "apply", "plan.yml", "-i",
          "inventory.yml", "--state", "state", "--yes", "--output", "json");
      awaitJournal(dir, e -> e instanceof Event.StepStarted st && st.name().equals("settle"));
      c.signal("TERM");
      int code = c.waitForExit();

      assertThat(code).as(c.stderr()).isEqualTo(130);
      List<String> out = Files.readAllLines(dir.resolve("child-stdout.txt"));
      assertThat(out.get(out.size() - 1)).as("the JSON summary").contains("\"kind\":\"summary\"",
          "\"exitCode\":130");
      dev.rollout.journal.JournalContents j = FileJournal.read(journal(dir));
      assertThat(j.events()).as(c.stderr()).noneMatch(e -> e instanceof Event.HostFailed)
          .noneMatch(e -> e instanceof Event.StepFinished f && !f.succeeded());
      assertThat(j.events()).last().isInstanceOf(Event.RunInterrupted.class);

      ChildController resumed = ChildController.start(dir, 0, "resume",
          ChildController.onlyRun(dir.resolve("state")), "-i", "inventory.yml", "--state",
          "state");
      check("resume after SIGTERM " + i, dir, resumed.waitForExit(), 0, resumed.stderr());
      assertThat(lines(fleet.host(1), "rollback-count")).as("verify decided: no rollback")
          .isZero();
      assertThat(read(fleet.host(1), "config")).isEqualTo("v2");
    }
  }

  @Test
  void sigtermDuringPreflightExits130AndLeavesNoLockBehind() throws Exception {
    String slow = PLAN.replace("change:", "preflight:\n  - name: slow\n    run: sleep 5\n"
        + "change:");
    Path dir = prepare("sigterm-preflight", slow, 0);
    ChildController c = ChildController.start(dir, 0, args(dir));
    awaitJournal(dir, e -> e instanceof Event.StepStarted st && st.name().equals("slow"));
    c.signal("TERM");

    assertThat(c.waitForExit()).as(c.stderr()).isEqualTo(130);
    try (var locks = Files.list(dir.resolve("state/locks"))) {
      assertThat(locks.filter(p -> p.toString().endsWith(".lock"))).as(c.stderr()).isEmpty();
    }
    ChildController abort = ChildController.start(dir, 0, "abort",
        ChildController.onlyRun(dir.resolve("state")), "-i", "inventory.yml", "--state", "state");
    assertThat(abort.waitForExit()).as(abort.stderr()).isEqualTo(1);
    assertThat(Files.readString(dir.resolve("child-stdout.txt")))
        .contains("nothing was changed");
    for (TestHost h : fleet.hosts()) {
      assertThat(read(h, "config")).isEqualTo("v1");
    }
  }

  /** Waits until the run's journal holds an event matching {@code p}. */
  private static void awaitJournal(Path dir, java.util.function.Predicate<Event> p) {
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60))
        .pollInterval(java.time.Duration.ofMillis(50)).ignoreExceptions()
        .until(() -> FileJournal.read(journal(dir)).events().stream().anyMatch(p));
  }

  /** Applies {@link #GATED} up to its gate after the canary (exit 5) in a fresh directory. */
  private Path pausedAtTheGate(String name) throws Exception {
    Path dir = prepare(name, GATED, 0);
    ChildController c = ChildController.start(dir, 0, "apply", "plan.yml", "-i",
        "inventory.yml", "--state", "state", "--yes", "--until", "canary");
    assertThat(c.waitForExit()).as(c.stderr()).isEqualTo(5);
    return dir;
  }

  /** The events an abort of a run paused at its gate journals when nothing kills it. */
  private int abortEvents() throws Exception {
    Path dir = pausedAtTheGate("abort-clean");
    int paused = FileJournal.read(journal(dir)).events().size();
    ChildController c = ChildController.start(dir, 0, "abort",
        ChildController.onlyRun(dir.resolve("state")), "-i", "inventory.yml", "--state", "state");
    assertThat(c.waitForExit()).as(c.stderr()).isEqualTo(1);
    return FileJournal.read(journal(dir)).events().size() - paused;
  }

  private static int eventsUntilPaused(Path dir) throws IOException {
    List<Event> ev = FileJournal.read(journal(dir)).events();
    for (int i = 0; i < ev.size(); i++) {
      if (ev.get(i) instanceof Event.RunPaused) {
        return i + 1;
      }
    }
    throw new AssertionError("no RunPaused in " + dir);
  }

  /** Runs once without a crash and counts its events. */
  private int cleanRunEvents(String plan) throws Exception {
    Path dir = prepare("clean-" + Math.abs(plan.hashCode()), plan, 0);
    ChildController c = ChildController.start(dir, 0, args(dir));
    c.waitForExit();
    return FileJournal.read(journal(dir)).events().size();
  }

  /**
   * Kills the controller after event {@code k}, resumes, and checks the end state. With {@code
   * failingHost} > 0 that host's verify fails, so the run must end rolled back.
   */
  private void crashAndResume(String name, String plan, int k, int failingHost)
      throws Exception {
    Path dir = prepare(name, plan, failingHost);
    ChildController first = ChildController.start(dir, k, args(dir));
    boolean paused = first.awaitPauseOrExit();
    if (paused) {
      first.kill();
      String run = ChildController.onlyRun(dir.resolve("state"));
      ChildController second = ChildController.start(dir, 0, "resume", run, "-i",
          "inventory.yml", "--state", "state");
      int code = second.waitForExit();
      check(name + " (killed after event " + k + ")", dir, code, failingHost, second.stderr());
    } else {
      check(name + " (ended before event " + k + ")", dir, first.waitForExit(), failingHost,
          first.stderr());
    }
  }

  private void check(String what, Path dir, int code, int failingHost, String stderr)
      throws IOException {
    dev.rollout.journal.JournalContents j = FileJournal.read(journal(dir));
    RunRecord r = RunRecord.fold(j.verified());
    assertThat(j.events()).as(what + " journal ends with RunEnded\n" + stderr).last()
        .isInstanceOf(Event.RunEnded.class);
    if (failingHost == 0) {
      assertThat(code).as(what + "\n" + stderr).isIn(0, 1);
    } else {
      assertThat(code).as(what + "\n" + stderr).isEqualTo(1);
    }
    String expected = code == 0 ? "v2" : "v1";
    HostState settled = code == 0 ? HostState.CHANGED : HostState.ROLLED_BACK;
    for (TestHost h : fleet.hosts()) {
      assertThat(read(h, "config")).as(what + " " + h.name()).isEqualTo(expected);
      assertThat(lines(h, "change-count")).as(what + " change ran twice on " + h.name())
          .isLessThanOrEqualTo(1);
      assertThat(lines(h, "backup-count")).as(what + " backup ran twice on " + h.name())
          .isLessThanOrEqualTo(1);
      HostState s = r.hosts().get(h.name());
      assertThat(s).as(what + " " + h.name()).isIn(settled, HostState.PENDING);
    }
  }

  private static List<Integer> spread(int events, int wanted) {
    List<Integer> out = new ArrayList<>();
    for (int i = 1; i <= wanted; i++) {
      int k = Math.max(1, (int) Math.round((double) i * (events - 1) / wanted));
      if (!out.contains(k)) {
        out.add(k);
      }
    }
    for (int k = 1; out.size() < Math.min(wanted, events - 1); k++) {
      if (!out.contains(k)) {
        out.add(k);
      }
    }
    return out;
  }

  private Path prepare(String name, String plan, int failingHost) throws IOException {
    for (TestHost h : fleet.hosts()) {
      try (var files = Files.list(h.sandbox())) {
        for (Path p : files.toList()) {
          if (Files.isRegularFile(p)) {
            Files.delete(p);
          }
        }
      }
      Files.writeString(h.sandbox().resolve("config"), "v1\n");
      if (failingHost > 0 && h == fleet.host(failingHost)) {
        Files.writeString(h.sandbox().resolve("fail-here"), "");
      }
    }
    Path dir = Files.createDirectories(temp.resolve(name));
    Files.writeString(dir.resolve("plan.yml"), plan);
    Files.writeString(dir.resolve("inventory.yml"), FleetInventory.yaml(fleet, Map.of()));
    return dir;
  }

  private static String[] args(Path dir) {
    return new String[] {"apply", "plan.yml", "-i", "inventory.yml", "--state", "state", "--yes"};
  }

  private static Path journal(Path dir) throws IOException {
    return dir.resolve("state/runs").resolve(ChildController.onlyRun(dir.resolve("state")))
        .resolve("journal.jsonl");
  }

  private static String read(TestHost h, String f) throws IOException {
    Path p = h.sandbox().resolve(f);
    return Files.exists(p) ? Files.readString(p).strip() : "";
  }

  private static int lines(TestHost h, String f) throws IOException {
    String s = read(h, f);
    return s.isEmpty() ? 0 : s.split("\n").length;
  }
}
