package dev.rollout.realfleet;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A "hypervisor" and its LXC containers, for a test class. The hypervisor {@code hv} is a
 * {@link RealHost} on 127.0.156.1 whose {@code /etc/lxc/lxc.conf} points at this fleet's
 * containers, with a {@code pct} shim. Container {@code ct-N} (Proxmox VMID 100+N) shares the
 * host's network (never its systemd: its init is a small script) and listens on 127.0.156.(10+N):
 * its own OpenSSH server, its own dockerd with its own {@code /etc/docker}, and the service
 * container of the busybox image on port 8080. The host's {@code /usr} is bind-mounted read-only,
 * {@code /usr/local} is the container's own (its {@code systemctl} shim and docker client).
 *
 * <p>{@link #shared} fleets are started once for every test class that asks for one of that size
 * and stopped when the test run ends: each class must leave the containers as it found them.
 */
public final class LxcFleet implements BeforeAllCallback, AfterAllCallback {

  private static final List<String> USR = List.of("bin", "games", "include", "lib", "lib64",
      "libexec", "sbin", "share", "src");

  private static final ExtensionContext.Namespace SHARED =
      ExtensionContext.Namespace.create(LxcFleet.class);

  private final int size;
  private final boolean shared;
  private final List<String> names = new ArrayList<>();
  private Path dir;
  private RealHost hypervisor;

  private LxcFleet(int size, boolean shared) {
    this.size = size;
    this.shared = shared;
  }

  /** A fleet of this test class's own. */
  public static LxcFleet containers(int size) {
    return new LxcFleet(size, false);
  }

  /** The fleet of this size that every class asking for it shares (one hypervisor). */
  public static LxcFleet shared(int size) {
    return new LxcFleet(size, true);
  }

  /** Stops a shared fleet when the test run ends. */
  private record Running(LxcFleet fleet) implements AutoCloseable {
    @Override
    public void close() {
      fleet.stopAll();
    }
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    if (!shared) {
      start(context);
      return;
    }
    LxcFleet running = context.getRoot().getStore(SHARED).getOrComputeIfAbsent("size-" + size,
        k -> {
          LxcFleet f = new LxcFleet(size, false);
          try {
            f.start(context);
          } catch (RuntimeException e) {
            throw e; // a skip (no LXC here) stays a skip
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
          return new Running(f);
        }, Running.class).fleet();
    Assumptions.assumeTrue(running.dir != null, "the shared LXC fleet did not start");
    names.addAll(running.names);
    dir = running.dir;
    hypervisor = running.hypervisor;
  }

  private void start(ExtensionContext context) throws Exception {
    List<String> missing = new ArrayList<>(RealSystems.missing(
        new RealHost.Options(true, false, "")));
    for (String tool : List.of("lxc-start", "lxc-attach", "lxc-stop")) {
      if (!Files.isExecutable(Path.of("/usr/bin", tool))) {
        missing.add("/usr/bin/" + tool + " is not installed (apt-get install lxc)");
      }
    }
    Assumptions.assumeTrue(missing.isEmpty(), () -> "LXC fleet cannot start here: "
        + String.join("; ", missing));
    dir = Files.createTempDirectory("rfl");
    Path key = dir.resolve("id_ed25519");
    RealHost.run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "rollout-test",
        "-f", key.toString()));
    Path image = RealSystems.busyboxImage(dir);
    Path lxcPath = Files.createDirectories(dir.resolve("lxc"));
    hypervisor = new RealHost("hv", "127.0.156.1", dir.resolve("hv"),
        new RealHost.Options(false, false, "", lxcPath));
    List<CompletableFuture<Void>> starts = new ArrayList<>();
    starts.add(CompletableFuture.runAsync(() -> unchecked(
        () -> hypervisor.start(image, Path.of(key + ".pub")))));
    for (int i = 1; i <= size; i++) {
      String name = "ct-" + i;
      names.add(name);
      starts.add(CompletableFuture.runAsync(() -> unchecked(
          () -> startContainer(name, image, Path.of(key + ".pub")))));
    }
    try {
      CompletableFuture.allOf(starts.toArray(CompletableFuture[]::new)).join();
    } catch (java.util.concurrent.CompletionException e) {
      stopAll();
      Assumptions.abort("LXC fleet cannot start here: " + e.getCause().getMessage());
    }
    List<String> known = new ArrayList<>(List.of(hypervisor.knownHostsLine()));
    for (String n : names) {
      String[] pub = Files.readString(rootfs(n).resolve("etc/ssh-rollout/host_key.pub")).strip()
          .split(" ");
      known.add(address(n) + " " + pub[0] + " " + pub[1]);
    }
    Files.write(knownHosts(), known);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (!shared) {
      stopAll();
    }
  }

  private void stopAll() {
    names.parallelStream().forEach(n -> {
      try {
        lxc("lxc-stop", "-k", "-n", n);
      } catch (IllegalStateException e) {
        // not running
      }
    });
    if (hypervisor != null) {
      hypervisor.stop();
    }
    names.clear();
    if (dir != null) {
      RealFleet.delete(dir);
      dir = null;
    }
  }

  public Path dir() {
    return dir;
  }

  public Path knownHosts() {
    return dir.resolve("known_hosts");
  }

  public String address(String container) {
    return "127.0.156." + (10 + Integer.parseInt(container.substring(3)));
  }

  public Path rootfs(String container) {
    return dir.resolve("lxc").resolve(container).resolve("rootfs");
  }

  /**
   * The container's snapshots as {@code lxc-snapshot -L} lists them (snap0, snap1, ...), each by
   * the name the {@code pct} shim gave it: the first line of its comment.
   */
  public List<String> snapshots(String container) throws IOException {
    List<String> out = new ArrayList<>();
    for (String line : lxc("lxc-snapshot", "-n", container, "-L").lines().toList()) {
      String snap = line.split(" ")[0];
      if (snap.matches("snap\\d+")) {
        out.add(Files.readAllLines(snapshotDir(container, snap).resolve("comment")).get(0));
      }
    }
    return out;
  }

  /** A file of the container's root as the snapshot named {@code name} holds it. */
  public String snapshotFile(String container, String name, String path) throws IOException {
    return Files.readString(snapshotDir(container, lxcName(container, name)).resolve("rootfs")
        .resolve(path));
  }

  /** {@code lxc-snapshot -r}: the container as its snapshot {@code name} has it, started. */
  public void restore(String container, String name) throws IOException {
    String snap = lxcName(container, name);
    lxc("lxc-stop", "-k", "-n", container);
    lxc("lxc-snapshot", "-n", container, "-r", snap);
    lxc("lxc-start", "-n", container);
    awaitSsh(container, dir.resolve("lxc").resolve(container));
  }

  private String lxcName(String container, String name) throws IOException {
    for (String line : lxc("lxc-snapshot", "-n", container, "-L").lines().toList()) {
      String snap = line.split(" ")[0];
      if (snap.matches("snap\\d+") && Files.readAllLines(snapshotDir(container, snap)
          .resolve("comment")).get(0).equals(name)) {
        return snap;
      }
    }
    throw new AssertionError(container + " has no snapshot " + name);
  }

  private Path snapshotDir(String container, String snap) {
    return dir.resolve("lxc").resolve(container).resolve("snaps").resolve(snap);
  }

  /** Runs {@code lxc-attach -n CONTAINER -- sh -c SCRIPT} from the controller; its output. */
  public String attach(String container, String script) {
    return lxc("lxc-attach", "-n", container, "--", "sh", "-c", script);
  }

  /** Debian's docker client on the controller against the container's dockerd. */
  public String docker(String container, String... args) {
    List<String> command = new ArrayList<>(List.of("/usr/bin/docker"));
    command.addAll(List.of(args));
    return RealHost.run(command, Map.of("DOCKER_HOST", "unix://" + rootfs(container)
        .resolve("docker/docker.sock"))).strip();
  }

  /**
   * The inventory: {@code hv}, and the containers in group {@code docker-hosts}, each with
   * {@code console: {host: hv, wrap: ...}}: {@code lxc-attach -n ct-N --}, except ct-2 whose wrap
   * is the Proxmox form {@code pct exec 102 --}, through the shim.
   */
  public String inventory() {
    return inventory(names);
  }

  /** {@link #inventory()} with only {@code members} in group {@code docker-hosts}. */
  public String inventory(List<String> members) {
    StringBuilder y = new StringBuilder("""
        defaults:
          user: root
          identity: %s
          knownHosts: %s
        hosts:
          hv:
            address: 127.0.156.1
            labels: { role: hypervisor }
        """.formatted(dir.resolve("id_ed25519"), knownHosts()));
    for (String n : names) {
      int i = Integer.parseInt(n.substring(3));
      String wrap = i == 2 ? "pct exec 102 --" : "lxc-attach -n " + n + " --";
      y.append("""
            %s:
              address: %s
              labels: { role: web, hypervisor: hv }
              vars: { url: "http://%s:%d", service: web, serviceDir: /srv/web, vmid: "%d" }
              console: { host: hv, wrap: %s }
          """.formatted(n, address(n), address(n), RealHost.SERVICE_PORT, 100 + i, wrap));
    }
    y.append("groups:\n  docker-hosts: [").append(String.join(", ", members)).append("]\n");
    return y.toString();
  }

  private void startContainer(String name, Path image, Path clientKey) throws IOException {
    Path ct = Files.createDirectories(dir.resolve("lxc").resolve(name));
    Path root = Files.createDirectories(ct.resolve("rootfs"));
    for (String d : List.of("etc/docker", "etc/ssh-rollout", "root", "proc", "sys", "dev", "run",
        "var/lib", "docker", "usr/local/sbin", "usr/local/bin", "srv/web/www")) {
      Files.createDirectories(root.resolve(d));
    }
    Files.createDirectories(root.resolve("tmp"), PosixFilePermissions.asFileAttribute(
        PosixFilePermissions.fromString("rwxrwxrwx")));
    for (String u : USR) {
      Files.createDirectories(root.resolve("usr").resolve(u));
    }
    for (String link : List.of("bin", "lib", "lib64", "sbin")) {
      Files.createSymbolicLink(root.resolve(link), Path.of("usr", link));
    }
    Files.createSymbolicLink(root.resolve("var/run"), Path.of("/run"));
    for (String f : List.of("passwd", "group", "nsswitch.conf")) {
      Files.copy(Path.of("/etc", f), root.resolve("etc").resolve(f));
    }
    // without a shadow entry sshd counts root's account as locked
    Files.writeString(root.resolve("etc/shadow"), "root:*:20000:0:99999:7:::\n");
    Files.writeString(root.resolve("etc/docker/daemon.json"),
        "{\n  \"storage-driver\": \"vfs\"\n}\n");
    RealHost.writeScript(root.resolve("usr/local/sbin/systemctl"), RealHost.resource("systemctl")
        .replace("@HOST_DIR@", "").replace("@NAMESPACE@", "rollout-" + name));
    Files.createSymbolicLink(root.resolve("usr/local/bin/docker"), Path.of("/usr/bin/docker"));
    RealHost.writeScript(root.resolve("srv/web/up"), RealHost.resource("up")
        .replace("@SERVICE@", "web").replace("@ADDRESS@", address(name))
        .replace("@PORT@", String.valueOf(RealHost.SERVICE_PORT)));
    Files.copy(image, root.resolve("srv/web/image.tar"));
    Files.writeString(root.resolve("srv/web/www/health"), "ok " + name + "\n");
    RealHost.writeScript(root.resolve("rollout-init"), RealHost.resource("ct-init"));
    Path ssh = root.resolve("etc/ssh-rollout");
    RealHost.run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f",
        ssh.resolve("host_key").toString()));
    Files.copy(clientKey, ssh.resolve("authorized_keys"));
    Files.writeString(ssh.resolve("sshd_config"), String.join("\n",
        "ListenAddress " + address(name) + ":22",
        "HostKey /etc/ssh-rollout/host_key",
        "AuthorizedKeysFile /etc/ssh-rollout/authorized_keys",
        "PidFile /run/sshd.pid",
        "StrictModes no",
        "UsePAM no",
        "SetEnv SHLVL=1",
        "MaxStartups 100:30:200",
        "PermitRootLogin prohibit-password",
        "PasswordAuthentication no",
        "KbdInteractiveAuthentication no",
        ""));
    StringBuilder config = new StringBuilder();
    config.append("lxc.uts.name = ").append(name).append('\n')
        .append("lxc.rootfs.path = dir:").append(root).append('\n')
        .append("lxc.net.0.type = none\n");
    for (String u : USR) {
      config.append("lxc.mount.entry = /usr/").append(u).append(" usr/").append(u)
          .append(" none ro,bind,optional 0 0\n");
    }
    config.append("""
        lxc.mount.entry = /dev/fuse dev/fuse none bind,create=file 0 0
        lxc.mount.entry = tmpfs run tmpfs rw,mode=755 0 0
        lxc.mount.auto = proc:rw sys:rw cgroup-full:rw:force
        lxc.apparmor.profile = unconfined
        lxc.cgroup.devices.allow = a
        lxc.cap.drop =
        lxc.autodev = 1
        lxc.init.cmd = /rollout-init
        lxc.console.logfile = %s
        """.formatted(ct.resolve("console.log")));
    Files.writeString(ct.resolve("config"), config);
    lxc("lxc-start", "-n", name, "-l", "INFO", "-o", ct.resolve("lxc.log").toString());
    awaitSsh(name, ct);
  }

  private void awaitSsh(String name, Path ct) throws IOException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
    while (!accepts(address(name))) {
      if (Instant.now().isAfter(deadline)) {
        throw new IOException(name + ": sshd did not listen in 90 s; "
            + RealHost.tail(ct.resolve("console.log")));
      }
      CompletableFuture.runAsync(() -> { }, CompletableFuture.delayedExecutor(50,
          java.util.concurrent.TimeUnit.MILLISECONDS)).join();
    }
  }

  static boolean accepts(String address) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(address, 22), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private String lxc(String tool, String... args) {
    List<String> command = new ArrayList<>(List.of(tool, "-P", dir.resolve("lxc").toString()));
    command.addAll(List.of(args));
    return RealHost.run(command);
  }

  private interface IoAction {
    void run() throws IOException;
  }

  private static void unchecked(IoAction a) {
    try {
      a.run();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
