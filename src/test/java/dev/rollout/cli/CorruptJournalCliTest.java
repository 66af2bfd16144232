package dev.rollout.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rollout.engine.Event;
import dev.rollout.engine.HostState;
import dev.rollout.journal.EventCodec;
import dev.rollout.testfleet.TestFleet;
import dev.rollout.testfleet.TestHost;
import dev.rollout.testfleet.TestPlans;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A journal is verified before anything trusts it: a forged, impossible or damaged line is
 * reported with its line number (exit 3) by status, report, resume and abort, which act on it only
 * with {@code --force}; history lists the other runs. Over a real SSH fleet of three hosts.
 */
class CorruptJournalCliTest {

  @RegisterExtension static TestFleet fleet = TestFleet.withHosts(3);

  static final String STEPS = TestPlans.V2_STEPS + """
      health:
        interval: 100ms
        unhealthyAfter: 2
        probes:
          - name: answers
            ssh: "true"
      """;

  @TempDir Path dir;
  Path state;
  Path inventory;

  @BeforeEach
  void freshHostsAndInventory() throws IOException {
    for (TestHost h : fleet.hosts()) {
      Files.writeString(h.sandbox().resolve("config"), "v1\n");
      for (String f : List.of("config.bak", "change-count", "rollback-count")) {
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
    Files.writeString(inventory, b.toString());
  }

  Path plan(String name, String targets) throws IOException {
    Path p = dir.resolve(name + ".yml");
    Files.writeString(p, "name: " + name + "\ntargets: " + targets + "\n"
        + "strategy: { canary: 1, soak: 200ms, waves: [100%], waveSoak: 100ms }\n" + STEPS);
    return p;
  }

  Cli rollout(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--state", state.toString(), "-i", inventory.toString()));
    return Cli.run(all.toArray(String[]::new));
  }

  /** Applies {@code plan} up to its canary's gate and returns the run's id. */
  String pausedAfterCanary(Path plan) throws IOException {
    Cli apply = rollout("apply", plan.toString(), "--yes", "--until", "canary");
    assertThat(apply.code()).as(apply.err()).isEqualTo(5);
    return onlyRunOf(plan);
  }

  String onlyRunOf(Path plan) throws IOException {
    Cli h = rollout("history", "--output", "json");
    List<String> ids = new ArrayList<>();
    new ObjectMapper().readTree(h.out()).path("runs").forEach(r -> {
      if (r.path("plan").asText().equals(plan.getFileName().toString().replace(".yml", ""))) {
        ids.add(r.path("runId").asText());
      }
    });
    assertThat(ids).hasSize(1);
    return ids.get(0);
  }

  Path journal(String run) {
    return state.resolve("runs").resolve(run).resolve("journal.jsonl");
  }

  /**
   * Appends {@code e} as a careful forger would: with the hash link of the line before it, so
   * that only the run's rules can catch it. Returns its line number.
   */
  int forge(String run, Event e) throws IOException {
    List<String> lines = Files.readAllLines(journal(run));
    String prev = EventCodec.hash(lines.get(lines.size() - 1).getBytes(StandardCharsets.UTF_8));
    Files.writeString(journal(run), EventCodec.encode(e, prev) + "\n",
        java.nio.file.StandardOpenOption.APPEND);
    return lines.size() + 1;
  }

  static String config(int host) throws IOException {
    return Files.readString(fleet.host(host).sandbox().resolve("config")).strip();
  }

  static int count(int host, String file) throws IOException {
    Path p = fleet.host(host).sandbox().resolve(file);
    return Files.exists(p) ? Files.readAllLines(p).size() : 0;
  }

  @Test
  void abortRefusesAForgedRollbackAndWithForceRollsTheChangedHostBack() throws IOException {
    String run = pausedAfterCanary(plan("config-v2", "[host-1, host-2, host-3]"));
    assertThat(config(1)).isEqualTo("v2");
    int line = forge(run, new Event.HostStateChanged(Instant.now(), "host-1", HostState.PENDING,
        HostState.ROLLED_BACK, "forged"));

    Cli abort = rollout("abort", run);

    assertThat(abort.code()).as(abort.err()).isEqualTo(3);
    assertThat(abort.err()).contains("line " + line + ": host-1 moves pending -> rolled back, "
        + "but it was changed", "--force").doesNotContain("internal error", "Exception");
    assertThat(config(1)).as("nothing was done").isEqualTo("v2");
    assertThat(count(1, "rollback-count")).isZero();

    Cli forced = rollout("abort", run, "--force");

    assertThat(forced.code()).as(forced.err()).isEqualTo(1);
    assertThat(forced.err()).contains("warning: --force", "Check every host");
    assertThat(config(1)).as("the host the forged line called rolled back").isEqualTo("v1");
    assertThat(count(1, "rollback-count")).isEqualTo(1);
    assertThat(count(2, "change-count") + count(3, "change-count")).isZero();
  }

  @Test
  void aJournalFromBeforeTheChainIsReadWithANote() throws IOException {
    String run = pausedAfterCanary(plan("config-v2", "[host-1, host-2]"));
    List<String> lines = Files.readAllLines(journal(run)).stream()
        .map(l -> EventCodec.encode(EventCodec.decode(l))).toList();
    Files.write(journal(run), lines);

    Cli status = rollout("status", run);

    assertThat(status.code()).as(status.err()).isZero();
    assertThat(status.err()).contains("note: the first " + lines.size() + " line(s) of run "
        + run + "'s journal were written before journals were chained");
    assertThat(status.out()).contains("paused");
  }

  @Test
  void evenForceCannotActWhenTheRunsStartIsDamaged() throws IOException {
    String run = pausedAfterCanary(plan("config-v2", "[host-1, host-2]"));
    List<String> lines = new ArrayList<>(Files.readAllLines(journal(run)));
    lines.set(0, "{" + lines.get(0));
    Files.write(journal(run), lines);

    Cli forced = rollout("abort", run, "--force");

    assertThat(forced.code()).as(forced.err()).isEqualTo(3);
    assertThat(forced.err()).contains("line 1: damaged", "even with --force nothing can act")
        .doesNotContain("Exception");
    assertThat(config(1)).isEqualTo("v2");
  }

  @Test
  void statusReportAndResumeNameTheLineOfAnImpossibleMove() throws IOException {
    String run = pausedAfterCanary(plan("config-v2", "[host-1, host-2]"));
    int line = forge(run, new Event.HostStateChanged(Instant.now(), "host-2", HostState.PENDING,
        HostState.CHANGED, "forged"));

    for (String command : List.of("status", "report", "resume", "promote")) {
      Cli c = rollout(command, run);
      assertThat(c.code()).as(command + ": " + c.err()).isEqualTo(3);
      assertThat(c.err()).as(command).contains("line " + line + ": host-2 cannot move from "
          + "pending to changed").doesNotContain("internal error", "Exception");
    }
    assertThat(config(2)).isEqualTo("v1");
  }

  @Test
  void statusRefusesAnEventForAHostThatIsNotATarget() throws IOException {
    String run = pausedAfterCanary(plan("config-v2", "[host-1, host-2]"));
    int line = forge(run, new Event.HealthChanged(Instant.now(), "host-3", "answers", false,
        "forged"));

    Cli status = rollout("status", run, "--output", "json");

    assertThat(status.code()).as(status.err()).isEqualTo(3);
    assertThat(status.err()).contains("line " + line + ": HealthChanged names host-3, which is "
        + "not a target of this run");
    var doc = new ObjectMapper().readTree(status.out());
    assertThat(doc.path("state").asText()).isEqualTo("corrupt");
    assertThat(doc.path("problems").path(0).path("line").asInt()).isEqualTo(line);
    assertThat(doc.path("problems").path(0).path("problem").asText())
        .isEqualTo("HealthChanged names host-3, which is not a target of this run");
  }

  @Test
  void aLineAddedByHandWithoutItsHashIsFoundEvenWhenItIsALegalMove() throws IOException {
    String run = pausedAfterCanary(plan("config-v2", "[host-1, host-2]"));
    int line = Files.readAllLines(journal(run)).size() + 1;
    Files.writeString(journal(run), EventCodec.encode(new Event.HostStateChanged(Instant.now(),
        "host-1", HostState.CHANGED, HostState.ROLLING_BACK, "by hand")) + "\n",
        java.nio.file.StandardOpenOption.APPEND);

    Cli status = rollout("status", run);

    assertThat(status.code()).as(status.err()).isEqualTo(3);
    assertThat(status.err()).contains("line " + line + ": carries no hash of the line before it");
  }

  @Test
  void aDamagedLineInTheMiddleNamesItsLineAndHistoryListsTheOtherRuns() throws IOException {
    Path first = plan("first", "[host-1]");
    Path second = plan("second", "[host-2]");
    assertThat(rollout("apply", first.toString(), "--yes").code()).isZero();
    assertThat(rollout("apply", second.toString(), "--yes").code()).isZero();
    String damaged = onlyRunOf(first);
    String intact = onlyRunOf(second);
    List<String> lines = new ArrayList<>(Files.readAllLines(journal(damaged)));
    lines.set(2, lines.get(2).substring(0, lines.get(2).length() / 2));
    Files.write(journal(damaged), lines);

    Cli history = rollout("history");
    Cli json = rollout("history", "--output", "json");
    Cli status = rollout("status", damaged);
    Cli report = rollout("report", damaged);

    assertThat(history.code()).as(history.err()).isZero();
    assertThat(history.out()).contains(intact, "completed", damaged, "corrupt");
    assertThat(history.err()).contains("run " + damaged + ": the journal ",
        "is corrupt: line 3: damaged");
    assertThat(new ObjectMapper().readTree(json.out()).path("runs").findValuesAsText("state"))
        .contains("corrupt", "ended");
    for (Cli c : List.of(status, report)) {
      assertThat(c.code()).as(c.err()).isEqualTo(3);
      assertThat(c.err()).contains("line 3: damaged: not a journal event")
          .doesNotContain("internal error", "Exception");
    }
    Cli other = rollout("status", intact);
    assertThat(other.code()).as(other.err()).isZero();
    assertThat(other.out()).contains("completed");
  }
}
