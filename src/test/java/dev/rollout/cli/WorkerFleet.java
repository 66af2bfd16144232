package dev.rollout.cli;

import static org.awaitility.Awaitility.await;

import dev.rollout.engine.Event;
import dev.rollout.engine.RunRecord;
import dev.rollout.journal.PostgresRunStore;
import dev.rollout.journal.PostgresUrl;
import dev.rollout.journal.RunStore;
import dev.rollout.testfleet.OpenSshServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Real OpenSSH hosts on 127.0.157.x for the worker tests, each logging every command it runs with
 * the pid of the client process that sent it (found with {@code ss -p} from the connection's
 * source port), and each with a directory of its own whose files the plans change.
 */
final class WorkerFleet implements AutoCloseable {

  /** One logged command: when (epoch nanoseconds), which client pid, what. */
  record Command(long atNanos, long pid, String host, String command) {}

  private final Path dir;
  private final List<OpenSshServer> servers = new ArrayList<>();
  private final List<String> names = new ArrayList<>();
  private final Path key;

  WorkerFleet(Path dir, int hosts) throws IOException {
    this(dir, hosts, 1);
  }

  /** {@code hosts} hosts on 127.0.157.{@code first} and up. */
  WorkerFleet(Path dir, int hosts, int first) throws IOException {
    this.dir = Files.createDirectories(dir);
    key = OpenSshServer.keygen(dir.resolve("id_ed25519"), "ed25519");
    List<String> known = new ArrayList<>();
    for (int i = 1; i <= hosts; i++) {
      String name = "h" + i;
      Path home = Files.createDirectories(dir.resolve(name));
      Path wrapper = home.resolve("logged-command");
      Files.writeString(wrapper, """
          #!/bin/sh
          set -- $SSH_CLIENT
          pid=$(ss -Htnp state established "( sport = :$2 )" 2>/dev/null \\
            | sed -n 's/.*pid=\\([0-9]*\\).*/\\1/p' | head -n 1)
          printf '%%s %%s %%s\\n' "$(date +%%s%%N)" "${pid:-0}" \\
            "$(printf %%s "$SSH_ORIGINAL_COMMAND" | tr '\\n' ' ')" >> %s
          exec "${SHELL:-/bin/sh}" -c "$SSH_ORIGINAL_COMMAND"
          """.formatted(home.resolve("commands.log")));
      Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));
      OpenSshServer s = OpenSshServer.start(home.resolve("sshd"), "127.0.157." + (first + i - 1),
          "ForceCommand " + wrapper);
      s.authorize(Path.of(key + ".pub"));
      known.addAll(s.keyscan());
      servers.add(s);
      names.add(name);
      Files.writeString(home.resolve("app.conf"), "v1\n");
    }
    Files.write(dir.resolve("known_hosts"), known);
    StringBuilder inv = new StringBuilder("defaults:\n  user: " + System.getProperty(
        "user.name") + "\n  identity: " + key + "\n  knownHosts: " + dir.resolve("known_hosts")
        + "\nhosts:\n");
    for (int i = 0; i < servers.size(); i++) {
      inv.append("  ").append(names.get(i)).append(": { address: ")
          .append(servers.get(i).address()).append(", port: ").append(servers.get(i).port())
          .append(" }\n");
    }
    Files.writeString(dir.resolve("inventory.yml"), inv);
  }

  Path inventory() {
    return dir.resolve("inventory.yml");
  }

  Path home(String host) {
    return dir.resolve(host);
  }

  /**
   * A plan over {@code hosts}: back up, write v2, count the change; verify per {@code verify};
   * roll back and count it; an SSH probe every {@code interval}.
   */
  Path plan(String name, List<String> hosts, String strategy, String verify, String rollback)
      throws IOException {
    String root = dir.toString();
    String p = """
        name: %s
        targets: [%s]
        vars: { root: "%s" }
        strategy: %s
        change:
          - name: back up
            run: cp ${vars.root}/${host.name}/app.conf ${vars.root}/${host.name}/app.conf.bak
          - name: write v2
            run: echo v2 > ${vars.root}/${host.name}/app.conf && echo x >> ${vars.root}/${host.name}/change-count
        verify:
          - run: %s
        rollback:
          - run: %s
        health:
          interval: 500ms
          unhealthyAfter: 2
          probes:
            - name: sshd answers
              ssh: "true"
        """.formatted(name, String.join(", ", hosts), root, strategy, verify, rollback);
    return Files.writeString(dir.resolve(name + ".yml"), p);
  }

  static final String VERIFY_OK = "grep -qx v2 ${vars.root}/${host.name}/app.conf";
  static final String ROLLBACK = "cp ${vars.root}/${host.name}/app.conf.bak "
      + "${vars.root}/${host.name}/app.conf && echo x >> ${vars.root}/${host.name}/rollback-count";

  /** As {@link #ROLLBACK}, restoring only when there is a backup: a kill may land before it. */
  static final String ROLLBACK_IF_BACKED_UP = "if [ -e ${vars.root}/${host.name}/app.conf.bak ]; "
      + "then cp ${vars.root}/${host.name}/app.conf.bak ${vars.root}/${host.name}/app.conf; fi; "
      + "echo x >> ${vars.root}/${host.name}/rollback-count";

  List<Command> commands() {
    List<Command> out = new ArrayList<>();
    for (String h : names) {
      Path log = dir.resolve(h).resolve("commands.log");
      try {
        if (Files.exists(log)) {
          for (String line : Files.readAllLines(log)) {
            String[] f = line.split(" ", 3);
            if (f.length == 3) {
              out.add(new Command(Long.parseLong(f[0]), Long.parseLong(f[1]), h, f[2]));
            }
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return out;
  }

  int count(String host, String file) throws IOException {
    Path f = dir.resolve(host).resolve(file);
    return Files.exists(f) ? (int) Files.readAllLines(f).stream().filter(l -> !l.isBlank())
        .count() : 0;
  }

  /** {@code rollout ARGS} in this process; exit code, stdout, stderr. */
  static ApplyOverOpenSshTest.Result rollout(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new ApplyOverOpenSshTest.Result(code, out.toString(), err.toString());
  }

  /** The run's events, read from the store now. */
  static List<Event> events(String state, String runId) {
    try (RunStore s = PostgresRunStore.open(PostgresUrl.parse(state, System::getenv),
        System::getenv)) {
      return s.open(runId).orElseThrow().events();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static RunRecord awaitEnded(String state, String runId, Duration within) {
    return await().atMost(within).pollInterval(Duration.ofMillis(250))
        .until(() -> RunRecord.fold(events(state, runId)), r -> r.outcome().isPresent()
            || r.paused());
  }

  /** A worker child JVM on {@code state} with a short lease. */
  static ChildController worker(Path cwd, String state, String lease, String... more) {
    List<String> args = new ArrayList<>(List.of("worker", "--state", state, "--poll", "300ms"));
    args.addAll(List.of(more));
    return ChildController.start(cwd, 0, Map.of("ROLLOUT_LOCK_LEASE", lease),
        args.toArray(String[]::new));
  }

  @Override
  public void close() {
    servers.forEach(OpenSshServer::close);
  }
}
