package dev.rollout.engine;

import dev.rollout.plan.PlanFiles;
import dev.rollout.plan.ResolvedPlan;
import dev.rollout.probe.ManualScheduledExecutor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * Three hosts a, b, c on the {@link FakeTransport} and virtual time, each with a file the change
 * sets to v2 and the rollback sets back to v1, so a test checks what each host holds, and which
 * commands reached it. Each {@link #engine} is a new controller over the journal so far: a test
 * kills one by cutting the journal at any event and lets the next one take the run up.
 */
final class VirtualFleet {

  static final String INVENTORY = """
      hosts:
        a: { address: 127.0.0.2 }
        b: { address: 127.0.0.3 }
        c: { address: 127.0.0.4 }
      groups:
        all: [a, b, c]
      """;

  /** A plan over a, b, c with {@code strategy} and probes every 10 s. */
  static String plan(String strategy) {
    return """
        name: virtual
        targets: all
        strategy: %s
        change: [ "apply-change" ]
        verify: [ "check-change" ]
        rollback: [ "undo-change" ]
        health:
          interval: 10s
          unhealthyAfter: 2
          probes:
            - name: app
              ssh: "probe-app"
        """.formatted(strategy);
  }

  final Map<String, String> files = new ConcurrentHashMap<>(Map.of("a", "v1", "b", "v1",
      "c", "v1"));
  /** Hosts whose verify fails. */
  final Set<String> verifyFails = ConcurrentHashMap.newKeySet();
  /** Hosts that do not answer at all. */
  final Set<String> unreachable = ConcurrentHashMap.newKeySet();
  /** Hosts whose probe fails while they hold the change (v2): the change breaks them. */
  final Set<String> changeBreaksProbe = ConcurrentHashMap.newKeySet();
  /** Hosts whose probe fails whatever they hold. */
  final Set<String> unhealthy = ConcurrentHashMap.newKeySet();
  /** Hosts whose rollback step exits 7. */
  final Set<String> rollbackFails = ConcurrentHashMap.newKeySet();
  /** Hosts whose rollbackCheck step ({@code can-roll-back}) exits 1. */
  final Set<String> rollbackCheckFails = ConcurrentHashMap.newKeySet();
  /** By host: how many of its next probes fail, one at a time (a blip). */
  final Map<String, Integer> blips = new ConcurrentHashMap<>();
  /** Snapshots that {@code snapshot HOST} took and {@code restore HOST} puts back. */
  final Map<String, String> snapshots = new ConcurrentHashMap<>();
  /** Pause between the tries of a failing probe in a baseline; zero keeps parallel work still. */
  volatile Duration baselinePause = Duration.ofSeconds(1);
  /**
   * Runs as a command reaches a host, before it is answered: what happens meanwhile, such as
   * virtual time passing during a slow step (probes of other hosts run then).
   */
  volatile BiConsumer<String, String> meanwhile = (host, command) -> { };
  /** Listeners of the next engines. */
  final List<RunListener> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
  final FakeTransport transport = new FakeTransport(this::answer);
  private final String plan;
  private Instant now = Instant.parse("2026-11-25T00:00:00Z");
  volatile ManualScheduledExecutor time = new ManualScheduledExecutor(now);

  private final String inventory;

  VirtualFleet(String plan) {
    this(plan, INVENTORY);
  }

  /** Over another inventory of a, b, c (and hosts that are not targets, such as a console's). */
  VirtualFleet(String plan, String inventory) {
    this.plan = plan;
    this.inventory = inventory;
    transport.now = () -> time.clock().instant();
  }

  /**
   * How a host answers. A console path ({@code a~console}) acts on its target's file. The
   * commands: {@code apply-change}, {@code check-change}, {@code undo-change}, {@code probe-app},
   * {@code can-roll-back}, and on a console host {@code snapshot HOST} and {@code restore HOST};
   * anything else exits 0.
   */
  private Integer answer(String shell, String command) {
    if (unreachable.contains(shell)) {
      return null;
    }
    meanwhile.accept(shell, command);
    String host = shell.replace("~console", "");
    String[] words = command.split(" ");
    switch (words[0]) {
      case "apply-change" -> files.put(host, "v2");
      case "undo-change" -> {
        if (rollbackFails.contains(host)) {
          return 7;
        }
        files.put(host, "v1");
      }
      case "probe-app" -> {
        return probe(host);
      }
      case "check-change" -> {
        return "v2".equals(files.get(host)) && !verifyFails.contains(host) ? 0 : 1;
      }
      case "can-roll-back" -> {
        return rollbackCheckFails.contains(host) ? 1 : 0;
      }
      case "snapshot" -> snapshots.put(words[1], files.get(words[1]));
      case "restore" -> files.put(words[1], snapshots.get(words[1]));
      default -> { }
    }
    return 0;
  }

  private int probe(String host) {
    if (blips.getOrDefault(host, 0) > 0) {
      blips.merge(host, -1, Integer::sum);
      return 1;
    }
    boolean broken = unhealthy.contains(host)
        || changeBreaksProbe.contains(host) && "v2".equals(files.get(host));
    return broken ? 1 : 0;
  }

  ResolvedPlan resolved() throws Exception {
    return new PlanFiles(n -> null).load("plan.yml", plan.getBytes(StandardCharsets.UTF_8),
        "inventory.yml", inventory.getBytes(StandardCharsets.UTF_8)).plan();
  }

  /** A controller over {@code journal}, on a clock {@code later} than the last one's. */
  Engine engine(MemoryJournal journal, Duration later) throws Exception {
    now = time.clock().instant().plus(later);
    time = new ManualScheduledExecutor(now);
    ResolvedPlan rp = resolved();
    RunRecord record = journal.events().isEmpty() ? null : RunRecord.fold(journal.events());
    return new Engine("run-1", rp, new Fleet(transport, rp, Path.of(".")), journal, listeners,
        new Engine.Settings(time.clock(), time::advance, time, baselinePause), record);
  }

  /**
   * A journal that keeps its events in {@code into} and fails once {@code into} holds {@code
   * limit}: the controller writing it dies right after that event, as SIGKILL would leave it (no
   * step starts that is not journaled first, so nothing more reaches a host).
   */
  static Journal dying(MemoryJournal into, int limit) {
    return new Journal() {
      @Override
      public void append(Event event) {
        if (into.events().size() >= limit) {
          throw new JournalFailure("killed after event " + limit, null);
        }
        into.append(event);
      }

      @Override
      public List<Event> events() {
        return into.events();
      }
    };
  }

  /** A controller over {@code journal} that dies once it holds {@code limit} events. */
  Engine dyingEngine(MemoryJournal journal, int limit, Duration later) throws Exception {
    now = time.clock().instant().plus(later);
    time = new ManualScheduledExecutor(now);
    ResolvedPlan rp = resolved();
    RunRecord record = journal.events().isEmpty() ? null : RunRecord.fold(journal.events());
    return new Engine("run-1", rp, new Fleet(transport, rp, Path.of(".")), dying(journal, limit),
        List.of(), new Engine.Settings(time.clock(), time::advance, time, baselinePause),
        record);
  }

  /** A new journal holding the first {@code n} events of {@code events}: a controller killed. */
  static MemoryJournal cut(List<Event> events, int n) {
    MemoryJournal j = new MemoryJournal();
    events.subList(0, n).forEach(j::append);
    return j;
  }

  /** The hosts {@code command} reached, in order, so far. */
  List<String> reached(String command) {
    List<String> out = new ArrayList<>();
    transport.calls().stream().filter(c -> c.command().equals(command))
        .forEach(c -> out.add(c.host()));
    return out;
  }

  static <T extends Event> List<T> of(Class<T> type, List<Event> events) {
    return events.stream().filter(type::isInstance).map(type::cast).toList();
  }
}
