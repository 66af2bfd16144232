package dev.rollout.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.sshd.common.config.keys.KeyUtils;

/**
 * The fleet of {@code rollout demo}, shaped like the incident's: a Proxmox hypervisor {@code pve-1}
 * and five containers on it, each an {@link EmbeddedHost} with its own loopback address, host key,
 * health endpoint and directory. A container's directory is its root filesystem, kept under the
 * hypervisor's {@code rootfs/VMID}, with a small {@code docker} and {@code systemctl} whose storage
 * driver is in {@code etc/docker/daemon.json}; the hypervisor's {@code pct exec VMID --} runs a
 * command inside a container without SSH, the out-of-band path of the inventory's {@code console}.
 *
 * <p>The fleet behaves, it is not told what happens: in the {@link Scenario#INCIDENT} scenario a
 * container whose Docker runs on fuse-overlayfs crashes after a while (its SSH server and health
 * endpoint stop answering), and comes back when its Docker is restarted on vfs, as the incident's
 * containers did. Nothing in Rollout knows this is a demo.
 */
public final class DemoFleet implements AutoCloseable {

  /** How the containers take the new storage driver. */
  public enum Scenario {
    /** A container crashes a while after its Docker restarts on fuse-overlayfs. */
    INCIDENT,
    /** The change works everywhere. */
    HEALTHY
  }

  /** One container of the fleet. */
  public record Container(String name, String vmid, String role, List<String> serves) {}

  /** What a container looks like now, read off its files and servers. */
  public record ContainerState(String name, String configuredDriver, String runningDriver,
      boolean up, boolean touched, int crashes) {}

  public static final String HYPERVISOR = "pve-1";

  /** The containers of incident.txt, in inventory order. */
  public static final List<Container> CONTAINERS = List.of(
      new Container("off-net", "101", "web",
          List.of("world.openfoodfacts.net", "api.openfoodfacts.net")),
      new Container("robotoff-net", "102", "ml", List.of("robotoff.openfoodfacts.net")),
      new Container("robotoff-dev", "103", "ml", List.of("robotoff.openfoodfacts.dev")),
      new Container("mongo-dev", "104", "db", List.of("mongodb for openfoodfacts.net")),
      new Container("monitoring", "105", "monitoring",
          List.of("monitoring.openfoodfacts.net", "alerting")));

  private static final String NET = "127.0.80.";
  private static final String NEW_DRIVER = "fuse-overlayfs";

  private final Path dir;
  private final Scenario scenario;
  private final Duration crashAfter;
  private final Consumer<String> narrator;
  private final List<PublicKey> authorized = new ArrayList<>();
  private final Map<String, EmbeddedHost> hosts = new LinkedHashMap<>();
  private final Map<String, Tracked> tracked = new LinkedHashMap<>();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "demo-fleet");
    t.setDaemon(true);
    return t;
  });

  /** A container's behaviour: the driver its Docker last ran with, and a pending crash. */
  private static final class Tracked {
    String driver = "vfs";
    ScheduledFuture<?> crash;
    boolean crashed;
    int crashes;
  }

  private DemoFleet(Path dir, Scenario scenario, Duration crashAfter, Consumer<String> narrator) {
    this.dir = dir;
    this.scenario = scenario;
    this.crashAfter = crashAfter;
    this.narrator = narrator;
  }

  /**
   * Makes the fleet's files under {@code dir} (keys, known_hosts, inventory.yml, plan.yml, every
   * host's directory) and starts its servers.
   *
   * @param crashAfter how long a container runs on fuse-overlayfs before it crashes (INCIDENT)
   * @param narrator told, one line each, when a container crashes or comes back
   */
  public static DemoFleet start(Path dir, Scenario scenario, Duration crashAfter,
      Consumer<String> narrator) {
    DemoFleet fleet = new DemoFleet(dir, scenario, crashAfter, narrator);
    try {
      fleet.launch();
      return fleet;
    } catch (IOException | RuntimeException e) {
      fleet.close();
      throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
    }
  }

  public Path dir() {
    return dir;
  }

  /** The inventory of this fleet, for {@code -i}. */
  public Path inventory() {
    return dir.resolve("inventory.yml");
  }

  /** The demo plan. */
  public Path plan() {
    return dir.resolve("plan.yml");
  }

  /** Every host, the hypervisor first. */
  public List<EmbeddedHost> hosts() {
    return List.copyOf(hosts.values());
  }

  public EmbeddedHost host(String name) {
    return hosts.get(name);
  }

  /** Each container as it is now. */
  public synchronized List<ContainerState> containers() {
    List<ContainerState> states = new ArrayList<>();
    for (Container c : CONTAINERS) {
      Path root = host(c.name()).sandbox();
      states.add(new ContainerState(c.name(), configuredDriver(root), runningDriver(root),
          host(c.name()).running(), Files.exists(root.resolve("etc/docker/daemon.json.rollout-bak")),
          tracked.get(c.name()).crashes));
    }
    return states;
  }

  /**
   * Puts every container back as it was at the start: Docker on vfs, no backup file, up. For a
   * fleet kept running after the demo's own run, so that the plan can be applied again by hand.
   */
  public synchronized void reset() throws IOException {
    for (Container c : CONTAINERS) {
      Path root = host(c.name()).sandbox();
      Files.deleteIfExists(root.resolve("etc/docker/daemon.json.rollout-bak"));
      Files.delete(root.resolve("etc/docker/daemon.json"));
      copy("daemon.json", root.resolve("etc/docker/daemon.json"));
      Files.writeString(root.resolve("run/docker.driver"), "vfs\n");
    }
    reconcile();
  }

  private void launch() throws IOException {
    Files.createDirectories(dir);
    KeyPair client = SshKeys.ed25519();
    SshKeys.writePrivateKey(client, dir.resolve("client_ed25519"), null);
    authorized.add(client.getPublic());
    Path hypervisorRoot = Files.createDirectories(dir.resolve("hosts").resolve(HYPERVISOR));
    install(hypervisorRoot.resolve("bin"), "pct");
    hosts.put(HYPERVISOR, newHost(HYPERVISOR, NET + 1, hypervisorRoot));
    for (int i = 0; i < CONTAINERS.size(); i++) {
      Container c = CONTAINERS.get(i);
      Path root = hypervisorRoot.resolve("rootfs").resolve(c.vmid());
      install(root.resolve("bin"), "docker", "systemctl", "fuse-overlayfs");
      Files.createDirectories(root.resolve("etc/docker"));
      copy("daemon.json", root.resolve("etc/docker/daemon.json"));
      Files.createDirectories(root.resolve("run"));
      Files.writeString(root.resolve("run/docker.driver"), "vfs\n");
      hosts.put(c.name(), newHost(c.name(), NET + (11 + i), root));
      tracked.put(c.name(), new Tracked());
    }
    hosts.values().parallelStream().forEach(EmbeddedHost::start);
    Files.write(dir.resolve("known_hosts"),
        hosts.values().stream().map(EmbeddedHost::knownHostsLine).toList());
    copy("plan.yml", plan());
    Files.writeString(inventory(), inventoryYaml());
  }

  private EmbeddedHost newHost(String name, String address, Path root) {
    SandboxShell.Observer observer = new SandboxShell.Observer() {
      @Override
      public void exited(String command, int code) {
        reconcile();
      }
    };
    return new EmbeddedHost(name, address, root, SshKeys.ed25519(), new EmbeddedHost.Setup(
        key -> authorized.stream().anyMatch(k -> KeyUtils.compareKeys(k, key)), observer,
        sshd -> {}));
  }

  /**
   * After every command on any host: a container whose Docker now runs on fuse-overlayfs gets its
   * crash scheduled (INCIDENT); one back on vfs has it cancelled, and comes back up if it crashed.
   */
  private synchronized void reconcile() {
    for (Container c : CONTAINERS) {
      Tracked t = tracked.get(c.name());
      String now = runningDriver(host(c.name()).sandbox());
      if (now.equals(t.driver)) {
        continue;
      }
      t.driver = now;
      if (now.equals(NEW_DRIVER) && scenario == Scenario.INCIDENT) {
        t.crash = timer.schedule(() -> crash(c.name()), crashAfter.toMillis(),
            TimeUnit.MILLISECONDS);
      } else if (!now.equals(NEW_DRIVER)) {
        if (t.crash != null) {
          t.crash.cancel(false);
          t.crash = null;
        }
        if (t.crashed) {
          t.crashed = false;
          host(c.name()).start();
          narrator.accept(c.name() + " is back: its Docker runs on " + now + " again (restarted "
              + "from the hypervisor)");
        }
      }
    }
  }

  private synchronized void crash(String name) {
    Tracked t = tracked.get(name);
    if (t.crashed || !t.driver.equals(NEW_DRIVER)) {
      return;
    }
    t.crashed = true;
    t.crashes++;
    t.crash = null;
    host(name).stop();
    narrator.accept(name + " crashed: Docker on " + NEW_DRIVER + " took the container down; its "
        + "SSH server and health endpoint no longer answer");
  }

  private String inventoryYaml() {
    StringBuilder b = new StringBuilder("""
        # The demo's fleet, made by `rollout demo`: the incident's shape, a Proxmox hypervisor and
        # five containers, each an SSH server on its own loopback address. Ports change every time.
        # The servers take any user name with the demo's key; commands run as you, in each host's
        # directory under hosts/.
        defaults:
          user: root
          identity: client_ed25519          # relative to this file
          knownHosts: known_hosts
          hostKeys: strict
        hosts:
        """);
    EmbeddedHost hv = host(HYPERVISOR);
    b.append("  ").append(HYPERVISOR).append(":\n")
        .append("    address: ").append(hv.address()).append('\n')
        .append("    port: ").append(hv.sshPort()).append('\n')
        .append("    labels: { role: hypervisor }\n");
    for (Container c : CONTAINERS) {
      EmbeddedHost h = host(c.name());
      b.append("  ").append(c.name()).append(":\n")
          .append("    address: ").append(h.address()).append('\n')
          .append("    port: ").append(h.sshPort()).append('\n')
          .append("    labels: { role: ").append(c.role()).append(", hypervisor: ")
          .append(HYPERVISOR).append(" }\n")
          .append("    vars: { url: \"http://").append(h.address()).append(':')
          .append(h.httpPort()).append("\", vmid: \"").append(c.vmid()).append("\" }\n")
          .append("    serves: [").append(String.join(", ", c.serves())).append("]\n")
          .append("    console: { host: ").append(HYPERVISOR).append(", wrap: pct exec ")
          .append(c.vmid()).append(" -- }\n");
    }
    b.append("groups:\n  hypervisors: [").append(HYPERVISOR).append("]\n  docker-hosts: [")
        .append(String.join(", ", CONTAINERS.stream().map(Container::name).toList()))
        .append("]\n");
    return b.toString();
  }

  private static String configuredDriver(Path root) {
    String json = read(root.resolve("etc/docker/daemon.json"));
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("\"storage-driver\":\\s*\"([^\"]*)\"").matcher(json);
    return m.find() ? m.group(1) : "?";
  }

  private static String runningDriver(Path root) {
    return read(root.resolve("run/docker.driver")).strip();
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return "";
    }
  }

  private static void install(Path bin, String... scripts) throws IOException {
    Files.createDirectories(bin);
    for (String s : scripts) {
      Path target = bin.resolve(s);
      copy(s, target);
      Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
  }

  private static void copy(String resource, Path target) throws IOException {
    String name = resource.equals("plan.yml") ? resource : "files/" + resource;
    try (InputStream in = DemoFleet.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("the demo's " + name + " is missing from the build");
      }
      Files.copy(in, target);
    }
  }

  /** Stops every server. The files stay: {@link #deleteFiles()} removes them. */
  @Override
  public synchronized void close() {
    timer.shutdownNow();
    hosts.values().forEach(EmbeddedHost::stop);
  }

  /** Removes the fleet's directory and everything in it. */
  public void deleteFiles() {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove " + dir, e);
    }
  }
}
