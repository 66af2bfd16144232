package dev.rollout.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rollout.engine.Event;
import dev.rollout.engine.HostState;
import dev.rollout.journal.EventCodec;
import dev.rollout.journal.Failpoint;
import dev.rollout.journal.FileRunStore;
import dev.rollout.journal.StoredRun;
import dev.rollout.testfleet.TestFleet;
import dev.rollout.testfleet.TestHost;
import dev.rollout.testfleet.TestPlans;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Durable runs through the command line against a real SSH fleet of three hosts: pause at the
 * canary, promote, abort, locks between runs, resume after a dead controller, a torn journal.
 */
class DurableRunCliTest {

  @RegisterExtension static TestFleet fleet = TestFleet.withHosts(3);

  static final String STEPS = TestPlans.V2_STEPS + """
      health:
        interval: 100ms
        unhealthyAfter: 2
        probes:
          - name: not broken
            ssh: test ! -e broken
      """;

  @TempDir Path dir;
  Path state;
  Path inventory;

  @BeforeEach
  void freshHostsAndInventory() throws IOException {
    for (TestHost h : fleet.hosts()) {
      Files.writeString(h.sandbox().resolve("config"), "v1\n");
      for (String f : List.of("config.bak", "change-count", "rollback-count", "broken",
          "fail-here")) {
        Files.deleteIfExists(h.sandbox().resolve(f));
      }
    }
    state = dir.resolve("state");
    inventory = dir.resolve("inventory.yml");
    StringBuilder b = new StringBuilder("defaults:\n")
        .append("  user: ").append(System.getProperty("user.name")).append('\n')
        .append("  identity: ").append(fleet.clientKey()).append('\n')
        .append("  knownHosts: ").append(fleet.knownHosts()).append('\n')
        .append("hosts:\n");
    for (TestHost h : fleet.hosts()) {
      b.append("  ").append(h.name()).append(": { address: ").append(h.address())
          .append(", port: ").append(h.sshPort()).append(" }\n");
    }
    b.append("groups:\n  all: [host-1, host-2, host-3]\n");
    Files.writeString(inventory, b.toString());
  }

  /** A plan over {@code targets}: one canary, a short soak, then one wave of the rest. */
  Path plan(String name, String targets) throws IOException {
    Path p = dir.resolve(name + ".yml");
    Files.writeString(p, "name: " + name + "\ntargets: " + targets + "\n"
        + "strategy: { canary: 1, soak: 300ms, waves: [100%], waveSoak: 200ms, maxParallel: 2 }\n"
        + STEPS);
    return p;
  }

  /** Runs a command with {@code --state} and {@code -i} of this test. */
  Cli rollout(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--state", state.toString(), "-i", inventory.toString()));
    return Cli.run(all.toArray(String[]::new));
  }

  Cli applyUntilCanary(Path plan) {
    return rollout("apply", plan.toString(), "--yes", "--until", "canary");
  }

  /**
   * The id of the one run of {@code plan}, as {@code history --output json} lists it (by plan, as
   * two runs started within one second need not list newest first).
   */
  String runOf(String plan) throws IOException {
    Cli h = rollout("history", "--output", "json");
    assertThat(h.code()).as(h.err()).isZero();
    List<String> ids = new ArrayList<>();
    json(h.out()).path("runs").forEach(r -> {
      if (r.path("plan").asText().equals(plan)) {
        ids.add(r.path("runId").asText());
      }
    });
    assertThat(ids).as("runs of plan " + plan).hasSize(1);
    return ids.get(0);
  }

  JsonNode status(String run) throws IOException {
    Cli s = rollout("status", run, "--output", "json");
    assertThat(s.code()).as(s.err()).isZero();
    return json(s.out());
  }

  static JsonNode json(String text) throws IOException {
    return new ObjectMapper().readTree(text);
  }

  static String config(int host) throws IOException {
    return Files.readString(fleet.host(host).sandbox().resolve("config")).strip();
  }

  static int count(int host, String file) throws IOException {
    Path p = fleet.host(host).sandbox().resolve(file);
    return Files.exists(p) ? Files.readAllLines(p).size() : 0;
  }

  List<Event> journal(String run) throws IOException {
    return new FileRunStore(state).open(run).orElseThrow().events();
  }

  List<String> lockFiles() throws IOException {
    if (!Files.isDirectory(state.resolve("locks"))) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(state.resolve("locks"))) {
      return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".lock")).sorted()
          .toList();
    }
  }

  @Test
  void pausesAfterTheCanaryAndPromoteChangesTheRest() throws IOException {
    Cli apply = applyUntilCanary(plan("config-v2", "all"));

    assertThat(apply.code()).as(apply.err()).isEqualTo(5);
    assertThat(List.of(config(1), config(2), config(3))).containsExactly("v2", "v1", "v1");
    String run = runOf("config-v2");
    assertThat(apply.err()).contains("run " + run, "keeps its host locks (paused)");
    JsonNode paused = status(run);
    assertThat(paused.path("state").asText()).isEqualTo("paused");
    assertThat(paused.path("stage").asText()).isEqualTo("paused after canary");
    assertThat(lockFiles()).containsExactly("host-1.lock", "host-2.lock", "host-3.lock");

    Cli promote = rollout("promote", run);

    assertThat(promote.code()).as(promote.err()).isZero();
    assertThat(List.of(config(1), config(2), config(3))).containsOnly("v2");
    assertThat(List.of(count(1, "change-count"), count(2, "change-count"),
        count(3, "change-count"))).containsOnly(1);
    JsonNode done = status(run);
    assertThat(done.path("state").asText()).isEqualTo("ended");
    assertThat(done.path("outcome").asText()).isEqualTo("completed");
    assertThat(lockFiles()).isEmpty();
  }

  @Test
  void abortRollsTheCanaryOfAPausedRunBack() throws IOException {
    assertThat(applyUntilCanary(plan("config-v2", "all")).code()).isEqualTo(5);
    String run = runOf("config-v2");

    Cli abort = rollout("abort", run);

    assertThat(abort.code()).as(abort.err()).isEqualTo(1);
    assertThat(List.of(config(1), config(2), config(3))).containsOnly("v1");
    assertThat(count(1, "rollback-count")).isEqualTo(1);
    assertThat(count(2, "change-count") + count(3, "change-count")).isZero();
    JsonNode s = status(run);
    assertThat(s.path("state").asText()).isEqualTo("ended");
    assertThat(s.path("outcome").asText()).isEqualTo("rolled_back");
    assertThat(s.path("hosts").path(0).path("state").asText()).isEqualTo("rolled_back");
    assertThat(lockFiles()).isEmpty();
    assertThat(rollout("promote", run).code()).isEqualTo(2);
  }

  /** A plan whose verify fails on a host holding {@code fail-here}, pausing on failure. */
  Path pausingPlan() throws IOException {
    Path p = dir.resolve("pausing.yml");
    Files.writeString(p, "name: pausing\ntargets: all\n"
        + "strategy: { canary: 1, soak: 300ms, waves: [100%], maxParallel: 1, "
        + "onFailure: pause }\n"
        + STEPS.replace("run: grep -qx v2 config", "run: grep -qx v2 config && test ! -e "
        + "fail-here"));
    return p;
  }

  @Test
  void aRunPausedOnFailureIsPausedKeepsItsLocksAndPromoteGoesOn() throws IOException {
    Files.writeString(fleet.host(2).sandbox().resolve("fail-here"), "");

    Cli apply = rollout("apply", pausingPlan().toString(), "--yes", "--output", "json");

    assertThat(apply.code()).as(apply.err()).isEqualTo(3);
    JsonNode summary = json(apply.out().strip().lines().reduce((a, b) -> b).orElseThrow());
    assertThat(summary.path("outcome").asText()).isEqualTo("paused_on_failure");
    assertThat(summary.path("exitCode").asInt()).isEqualTo(3);
    String run = runOf("pausing");
    assertThat(apply.err()).contains("keeps its host locks (paused on failure)");
    JsonNode s = status(run);
    assertThat(s.path("state").asText()).isEqualTo("paused");
    assertThat(s.path("phase").asText()).isEqualTo("paused_on_failure");
    assertThat(s.path("stage").asText()).isEqualTo("paused on failure in wave 1");
    assertThat(rollout("history").out()).contains(run, "paused on failure");
    assertThat(lockFiles()).containsExactly("host-1.lock", "host-2.lock", "host-3.lock");
    Cli resume = rollout("resume", run);
    assertThat(resume.code()).as(resume.err()).isEqualTo(5);
    assertThat(resume.err()).contains("is paused on a failure", "rollout promote " + run,
        "rollout abort " + run);
    assertThat(List.of(config(1), config(2), config(3))).containsExactly("v2", "v2", "v1");

    Cli promote = rollout("promote", run);

    assertThat(promote.code()).as(promote.err()).isZero();
    assertThat(List.of(config(1), config(2), config(3))).containsExactly("v2", "v1", "v2");
    JsonNode done = status(run);
    assertThat(done.path("outcome").asText()).isEqualTo("completed");
    assertThat(done.path("failures").asInt()).as("the failure still counts").isEqualTo(1);
    assertThat(lockFiles()).isEmpty();
  }

  @Test
  void abortOfARunPausedOnFailureRollsBackAndChangesNoOtherHost() throws IOException {
    Files.writeString(fleet.host(2).sandbox().resolve("fail-here"), "");
    assertThat(rollout("apply", pausingPlan().toString(), "--yes").code()).isEqualTo(3);
    String run = runOf("pausing");

    Cli abort = rollout("abort", run);

    assertThat(abort.code()).as(abort.err()).isEqualTo(1);
    assertThat(List.of(config(1), config(2), config(3))).containsOnly("v1");
    assertThat(count(3, "change-count")).isZero();
    assertThat(status(run).path("phase").asText()).isEqualTo("rolled_back");
    assertThat(lockFiles()).isEmpty();
  }

  @Test
  void abortOfARunThatChangedNothingSaysSoEndsItAndHoldsNoLock() throws Exception {
    Path plan = plan("config-v2", "all");
    String run = "20260101-000000-0ef0";
    StoredRun stored = new FileRunStore(state).create(run, plan.toString(),
        Files.readAllBytes(plan), inventory.toString(), Files.readAllBytes(inventory));
    Instant now = Instant.now();
    List<String> hosts = List.of("host-1", "host-2", "host-3");
    var journal = stored.journal(Failpoint.OFF);
    journal.append(new Event.RunStarted(now, run, "config-v2", hosts, 0, false));
    journal.append(new Event.PreflightChecked(now, "host-1", true, ""));
    String deadOwner = deadPid() + "@" + InetAddress.getLocalHost().getHostName();
    for (String h : hosts) {
      writeLock(h, run, deadOwner, now);
    }

    Cli abort = rollout("abort", run);

    assertThat(abort.code()).as(abort.err()).isEqualTo(1);
    assertThat(abort.out()).contains("nothing was changed, nothing to roll back")
        .doesNotContain("rolled back: \n");
    assertThat(lockFiles()).isEmpty();
    assertThat(count(1, "rollback-count") + count(2, "rollback-count")
        + count(3, "rollback-count")).isZero();
    JsonNode s = status(run);
    assertThat(s.path("state").asText()).isEqualTo("ended");
    assertThat(s.path("phase").asText()).isEqualTo("ended_before_any_change");
    assertThat(rollout("status", run).out()).contains("ended before any change");
    assertThat(rollout("history").out()).contains(run, "ended before any change");
    assertThat(rollout("apply", plan("other", "all").toString(), "--yes").code()).isZero();
  }

  @Test
  void refusesARunOnAHostThatAnotherRunHolds() throws IOException {
    assertThat(applyUntilCanary(plan("config-v2", "all")).code()).isEqualTo(5);
    String holder = runOf("config-v2");

    Cli second = rollout("apply", plan("other", "[host-3]").toString(), "--yes");

    assertThat(second.code()).as(second.err()).isEqualTo(4);
    assertThat(second.err()).contains("host-3 is locked by run " + holder,
        "wait for run " + holder + " to end").doesNotContain("Exception");
    assertThat(config(3)).isEqualTo("v1");
    assertThat(count(3, "change-count")).isZero();
    assertThat(new FileRunStore(state).locks().held()).allSatisfy(l ->
        assertThat(l.runId()).isEqualTo(holder));
  }

  @Test
  void aRunRefusedForLocksLeavesNoRunBehind() throws IOException {
    assertThat(applyUntilCanary(plan("config-v2", "all")).code()).isEqualTo(5);
    String holder = runOf("config-v2");

    assertThat(rollout("apply", plan("other", "[host-3]").toString(), "--yes").code())
        .isEqualTo(4);

    Cli history = rollout("history", "--output", "json");
    assertThat(json(history.out()).path("runs")).extracting(r -> r.path("runId").asText())
        .containsExactly(holder);
    assertThat(rollout("status").out()).contains("Run " + holder, "paused");
  }

  @Test
  void resumeTakesOverTheStaleLocksOfADeadControllerAndFinishesTheRun() throws Exception {
    Path plan = plan("config-v2", "all");
    String run = "20260101-000000-dead";
    StoredRun stored = new FileRunStore(state).create(run, plan.toString(),
        Files.readAllBytes(plan), inventory.toString(), Files.readAllBytes(inventory));
    Instant now = Instant.now();
    List<String> hosts = List.of("host-1", "host-2", "host-3");
    var journal = stored.journal(Failpoint.OFF);
    journal.append(new Event.RunStarted(now, run, "config-v2", hosts, 0, false));
    journal.append(new Event.PreflightPassed(now, 3));
    journal.append(new Event.StageStarted(now, "canary", List.of("host-1")));
    journal.append(new Event.HostStateChanged(now, "host-1", HostState.PENDING,
        HostState.CHANGING, ""));
    String deadOwner = deadPid() + "@" + InetAddress.getLocalHost().getHostName();
    for (String h : hosts) {
      writeLock(h, run, deadOwner, now);
    }
    assertThat(status(run).path("state").asText()).isEqualTo("interrupted");

    Cli resume = rollout("resume", run);

    assertThat(resume.code()).as(resume.err()).isZero();
    assertThat(List.of(config(1), config(2), config(3))).containsOnly("v2");
    assertThat(count(1, "change-count")).as("host-1's change ran exactly once").isEqualTo(1);
    assertThat(status(run).path("outcome").asText()).isEqualTo("completed");
    assertThat(journal(run)).anyMatch(e -> e instanceof Event.RunResumed);
    assertThat(lockFiles()).isEmpty();
  }

  @Test
  void resumeRefusesARunThatALiveControllerElsewhereDrives() throws Exception {
    assertThat(applyUntilCanary(plan("config-v2", "all")).code()).isEqualTo(5);
    String run = runOf("config-v2");
    assertThat(rollout("resume", run).code()).as("resume of a paused run: use promote")
        .isEqualTo(5);
    for (String h : List.of("host-1", "host-2", "host-3")) {
      writeLock(h, run, "4242@another-machine", Instant.now());
    }

    Cli promote = rollout("promote", run);

    assertThat(promote.code()).as(promote.err()).isEqualTo(4);
    assertThat(promote.err()).contains("run " + run + " is being driven by 4242@another-machine");
    assertThat(List.of(config(2), config(3))).containsOnly("v1");
  }

  @Test
  void promoteRefusesARunDrivenElsewhereByAProcessWithOurPid() throws Exception {
    assertThat(applyUntilCanary(plan("config-v2", "all")).code()).isEqualTo(5);
    String run = runOf("config-v2");
    String samePidElsewhere = ProcessHandle.current().pid() + "@another-machine";
    for (String h : List.of("host-1", "host-2", "host-3")) {
      writeLock(h, run, samePidElsewhere, Instant.now());
    }

    Cli promote = rollout("promote", run);

    assertThat(promote.code()).as(promote.err()).isEqualTo(4);
    assertThat(promote.err()).contains("run " + run + " is being driven by " + samePidElsewhere);
    assertThat(List.of(config(2), config(3))).containsOnly("v1");
  }

  @Test
  void statusAndHistoryReadAJournalWithAHalfWrittenLastLine() throws IOException {
    Cli apply = rollout("apply", plan("config-v2", "all").toString(), "--yes");
    assertThat(apply.code()).as(apply.err()).isZero();
    String run = runOf("config-v2");
    String line = EventCodec.encode(new Event.SoakPassed(Instant.now(), "watch"));
    Files.writeString(state.resolve("runs").resolve(run).resolve("journal.jsonl"),
        line.substring(0, line.length() / 2), StandardOpenOption.APPEND);

    Cli text = rollout("status", run);
    Cli history = rollout("history");

    assertThat(text.code()).as(text.err()).isZero();
    assertThat(text.out()).contains("half-written", "ended: completed");
    assertThat(status(run).path("journalTornTail").asBoolean()).isTrue();
    assertThat(status(run).path("outcome").asText()).isEqualTo("completed");
    assertThat(history.code()).as(history.err()).isZero();
    assertThat(history.out()).contains(run, "completed");
  }

  @Test
  void statusWithNoRunsIsInvalidInputWithAClearMessage() {
    Cli s = rollout("status");

    assertThat(s.code()).isEqualTo(2);
    assertThat(s.out()).isEmpty();
    assertThat(s.err()).startsWith("rollout: error: no runs in " + state)
        .contains("hint: runs are kept in .rollout/ beside the inventory; point at another "
            + "with -i FILE").contains("--state DIR|URL").doesNotContain("Exception", "\tat ");
  }

  @Test
  void statusOfAnUnknownRunIsInvalidInput() {
    Cli s = rollout("status", "20990101-000000000-beef");

    assertThat(s.code()).isEqualTo(2);
    assertThat(s.err()).startsWith("rollout: error: no run 20990101-000000000-beef in ")
        .doesNotContain("Exception");
  }

  @Test
  void forceUnlockOpensTheOtherRunsLocksOnTheRecordOfBoth() throws IOException {
    assertThat(applyUntilCanary(plan("config-v2", "all")).code()).isEqualTo(5);
    String holder = runOf("config-v2");

    Cli second = rollout("apply", plan("other", "[host-3]").toString(), "--yes",
        "--force-unlock", holder);

    assertThat(second.code()).as(second.err()).isZero();
    String mine = runOf("other");
    assertThat(mine).isNotEqualTo(holder);
    assertThat(config(3)).isEqualTo("v2");
    assertThat(second.err()).contains("locks of run " + holder
        + " on host-1, host-2, host-3 forced open");
    for (String run : List.of(holder, mine)) {
      assertThat(journal(run)).as(run).filteredOn(e -> e instanceof Event.LocksForced)
          .singleElement().satisfies(e -> {
            Event.LocksForced f = (Event.LocksForced) e;
            assertThat(f.fromRun()).isEqualTo(holder);
            assertThat(f.hosts()).containsExactly("host-1", "host-2", "host-3");
            assertThat(f.by()).contains("run " + mine);
          });
    }
    assertThat(lockFiles()).isEmpty();
  }

  private void writeLock(String host, String run, String owner, Instant beat)
      throws IOException {
    Files.createDirectories(state.resolve("locks"));
    Files.writeString(state.resolve("locks").resolve(host + ".lock"), run + "\n" + owner + "\n"
        + beat.toEpochMilli() + "\n");
  }

  /** The pid of a process that has ended: a controller that died on this machine. */
  private static long deadPid() throws Exception {
    Process p = new ProcessBuilder("true").start();
    assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
    return p.pid();
  }
}
