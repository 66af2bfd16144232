package dev.rollout.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
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
  private boolean closed;
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
      ContainerRoot r = new ContainerRoot(root);
      states.add(new ContainerState(c.name(), r.configuredDriver(), r.runningDriver(),
          host(c.name()).running(), r.touched(),
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
      new ContainerRoot(root).reset();
    }
    reconcile();
  }

  /**
   * Whether the containers are where the scenario should leave a run of the demo plan: for the
   * incident, the canary crashed and is back on vfs and no other container was touched; for the
   * healthy scenario, every container runs on fuse-overlayfs. Every container up, in both.
   */
  public boolean endedAsScripted() {
    List<ContainerState> states = containers();
    boolean allUp = states.stream().allMatch(ContainerState::up);
    if (scenario == Scenario.HEALTHY) {
      return allUp && states.stream().allMatch(s -> s.runningDriver().equals(NEW_DRIVER));
    }
    return allUp && states.get(0).crashes() > 0
        && states.stream().allMatch(s -> s.runningDriver().equals("vfs"))
        && states.stream().skip(1).noneMatch(ContainerState::touched);
  }

  public Scenario scenario() {
    return scenario;
  }

  private void launch() throws IOException {
    Files.createDirectories(dir);
    KeyPair client = SshKeys.ed25519();
    SshKeys.writePrivateKey(client, dir.resolve("client_ed25519"), null);
    authorized.add(client.getPublic());
    Path hypervisorRoot = Files.createDirectories(dir.resolve("hosts").resolve(HYPERVISOR));
    ContainerRoot.install(hypervisorRoot.resolve("bin"), "pct");
    hosts.put(HYPERVISOR, newHost(HYPERVISOR, NET + 1, hypervisorRoot));
    for (int i = 0; i < CONTAINERS.size(); i++) {
      Container c = CONTAINERS.get(i);
      Path root = hypervisorRoot.resolve("rootfs").resolve(c.vmid());
      new ContainerRoot(root).create();
      hosts.put(c.name(), newHost(c.name(), NET + (11 + i), root));
      tracked.put(c.name(), new Tracked());
    }
    hosts.values().parallelStream().forEach(EmbeddedHost::start);
    Files.write(dir.resolve("known_hosts"),
        hosts.values().stream().map(EmbeddedHost::knownHostsLine).toList());
    ContainerRoot.copy("plan.yml", plan());
    Files.writeString(inventory(), DemoInventory.yaml(this));
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
    if (closed) {
      return;
    }
    for (Container c : CONTAINERS) {
      Tracked t = tracked.get(c.name());
      String now = new ContainerRoot(host(c.name()).sandbox()).runningDriver();
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
    if (closed || t.crashed || !t.driver.equals(NEW_DRIVER)) {
      return;
    }
    t.crashed = true;
    t.crashes++;
    t.crash = null;
    host(name).stop();
    narrator.accept(name + " crashed: Docker on " + NEW_DRIVER + " took the container down; its "
        + "SSH server and health endpoint no longer answer");
  }

  /** Stops every server, for good. The files stay. */
  @Override
  public synchronized void close() {
    closed = true;
    timer.shutdownNow();
    hosts.values().forEach(EmbeddedHost::stop);
  }
}
