package dev.rollout.realfleet;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One host of a {@link RealFleet}: Debian's OpenSSH server on its own loopback address, port 22,
 * started in its own mount namespace where this host's directories are bound over
 * {@code /etc/docker} and {@code /etc/nginx}, so the bundled plans' absolute paths are this host's
 * files. Its SSH sessions get {@code DOCKER_HOST} (this host's private dockerd) and a PATH that
 * starts with this host's {@code bin/}: a {@code systemctl} shim whose units are this host's
 * dockerd and nginx, and Debian's {@code docker} client. Its service is one container of the local
 * busybox image running {@code busybox httpd} on port 8080, brought up by {@code srv/web/up}.
 */
public final class RealHost {

  /** Port of the service container's httpd. */
  public static final int SERVICE_PORT = 8080;
  /** Port of nginx, when the host runs it. */
  public static final int NGINX_PORT = 8081;

  private static final String STD_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:"
      + "/sbin:/bin";

  /**
   * What a host runs. {@code nginxHttp} is extra text for the http block of nginx.conf; a
   * non-null {@code lxcPath} makes the host a hypervisor whose {@code /etc/lxc/lxc.conf} points
   * there, with a {@code pct} shim on its sessions' PATH.
   */
  public record Options(boolean docker, boolean nginx, String nginxHttp, Path lxcPath) {
    Options(boolean docker, boolean nginx, String nginxHttp) {
      this(docker, nginx, nginxHttp, null);
    }
  }

  private final String name;
  private final String address;
  private final Path dir;
  private final Options options;
  private Process sshd;
  private String mountNamespace;

  RealHost(String name, String address, Path dir, Options options) {
    this.name = name;
    this.address = address;
    this.dir = dir;
    this.options = options;
  }

  public String name() {
    return name;
  }

  public String address() {
    return address;
  }

  public Path dir() {
    return dir;
  }

  /** The directory of the host's service: its {@code up} script, image archive and page. */
  public Path serviceDir() {
    return dir.resolve("srv/web");
  }

  /**
   * The same service, but the image archive was never published where the new driver could get
   * it: {@code up} works while the daemon still sees the image, and fails after a driver switch.
   */
  public Path unpublishedServiceDir() {
    return dir.resolve("srv/web-unpublished");
  }

  /** This host's {@code /etc/docker/daemon.json}, as its sessions see it. */
  public Path daemonJson() {
    return dir.resolve("etc-docker/daemon.json");
  }

  /** This host's {@code /etc/nginx}, as its sessions see it. */
  public Path etcNginx() {
    return dir.resolve("etc-nginx");
  }

  boolean etcNginxExists() {
    return options.nginx();
  }

  public String serviceUrl() {
    return "http://" + address + ":" + SERVICE_PORT;
  }

  public String nginxUrl() {
    return "http://" + address + ":" + NGINX_PORT;
  }

  /** Writes the host's files and starts its daemons, then its sshd; waits until it answers. */
  void start(Path imageTar, Path clientPublicKey) throws IOException {
    Files.createDirectories(dir.resolve("bin"));
    Files.createDirectories(dir.resolve("docker"));
    Files.createDirectories(dir.resolve("etc-docker"));
    Files.createDirectories(Path.of("/run/sshd"));
    writeScript(dir.resolve("bin/systemctl"), resource("systemctl")
        .replace("@HOST_DIR@", dir.toString()).replace("@NAMESPACE@", "rollout-" + name));
    Files.createSymbolicLink(dir.resolve("bin/docker"), Path.of("/usr/bin/docker"));
    Files.writeString(daemonJson(), "{\n  \"storage-driver\": \"vfs\"\n}\n");
    writeService(serviceDir(), imageTar);
    writeService(unpublishedServiceDir(), null);
    if (options.nginx()) {
      writeNginx();
    }
    if (options.lxcPath() != null) {
      Files.createDirectories(dir.resolve("etc-lxc"));
      Files.writeString(dir.resolve("etc-lxc/lxc.conf"), "lxc.lxcpath = " + options.lxcPath()
          + "\n");
      writeScript(dir.resolve("bin/pct"), resource("pct"));
    }
    writeSshd(clientPublicKey);
    ProcessBuilder pb = new ProcessBuilder("unshare", "-m", "--propagation", "private", "sh",
        "-c", launcher()).redirectErrorStream(true)
        .redirectOutput(dir.resolve("sshd/sshd.log").toFile());
    pb.environment().put("PATH", dir.resolve("bin") + ":" + STD_PATH);
    pb.environment().put("DOCKER_HOST", dockerHost());
    sshd = pb.start();
    awaitListening();
    mountNamespace = Files.readSymbolicLink(Path.of("/proc/" + sshd.pid() + "/ns/mnt"))
        .toString();
  }

  private String launcher() {
    List<String> steps = new ArrayList<>();
    steps.add("mount --bind " + dir.resolve("etc-docker") + " /etc/docker");
    if (options.lxcPath() != null) {
      steps.add("mount --bind " + dir.resolve("etc-lxc") + " /etc/lxc");
    }
    if (options.nginx()) {
      steps.add("mount --bind " + etcNginx() + " /etc/nginx");
      steps.add("systemctl start nginx");
    }
    if (options.docker()) {
      steps.add("systemctl start docker");
      steps.add(serviceDir().resolve("up").toString());
    }
    steps.add("exec /usr/sbin/sshd -D -e -f " + dir.resolve("sshd/sshd_config"));
    return String.join(" && ", steps);
  }

  private void writeService(Path service, Path imageTar) throws IOException {
    Files.createDirectories(service.resolve("www"));
    writeScript(service.resolve("up"), resource("up").replace("@SERVICE@", "web")
        .replace("@ADDRESS@", address).replace("@PORT@", String.valueOf(SERVICE_PORT)));
    Files.writeString(service.resolve("www/health"), "ok " + name + "\n");
    if (imageTar != null) {
      Files.createSymbolicLink(service.resolve("image.tar"), imageTar);
    }
  }

  private void writeNginx() throws IOException {
    Path n = Files.createDirectories(dir.resolve("nginx"));
    Files.createDirectories(etcNginx().resolve("conf.d"));
    Files.createDirectories(n.resolve("www"));
    Files.writeString(n.resolve("www/index.html"),
        ("<p>" + name + " serves this page; it is long enough for gzip to be worth it.</p>\n")
            .repeat(40));
    StringBuilder temp = new StringBuilder();
    for (String t : List.of("client_body", "proxy", "fastcgi", "uwsgi", "scgi")) {
      temp.append("  ").append(t).append("_temp_path ").append(n.resolve("tmp-" + t))
          .append(";\n");
    }
    Files.writeString(etcNginx().resolve("nginx.conf"), """
        # nginx of test host %s: private prefix, loopback only
        user root;
        worker_processes 1;
        pid %s;
        error_log %s;
        events { worker_connections 64; }
        http {
          access_log off;
          default_type text/plain;
        %s%s
          include /etc/nginx/conf.d/*.conf;
          server {
            listen %s:%d;
            root %s;
          }
        }
        """.formatted(name, n.resolve("nginx.pid"), n.resolve("error.log"), temp,
        options.nginxHttp().indent(2), address, NGINX_PORT, n.resolve("www")));
  }

  private void writeSshd(Path clientPublicKey) throws IOException {
    Path s = Files.createDirectories(dir.resolve("sshd"));
    run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f",
        s.resolve("host_key").toString()));
    Files.copy(clientPublicKey, s.resolve("authorized_keys"));
    Files.writeString(s.resolve("sshd_config"), String.join("\n",
        "ListenAddress " + address + ":22",
        "HostKey " + s.resolve("host_key"),
        "AuthorizedKeysFile " + s.resolve("authorized_keys"),
        "PidFile " + s.resolve("sshd.pid"),
        "StrictModes no",
        "UsePAM no",
        // SHLVL=1: root's ~/.bashrc (a slow `pyenv rehash`) is not read by the sessions' bash
        "SetEnv SHLVL=1 PATH=" + dir.resolve("bin") + ":" + STD_PATH
            + (options.docker() ? " DOCKER_HOST=" + dockerHost() : ""),
        "MaxStartups 100:30:200",
        "PermitRootLogin prohibit-password",
        "PasswordAuthentication no",
        "KbdInteractiveAuthentication no",
        ""));
  }

  /** The known_hosts line for this host. */
  String knownHostsLine() {
    try {
      String[] pub = Files.readString(dir.resolve("sshd/host_key.pub")).strip().split(" ");
      return address + " " + pub[0] + " " + pub[1];
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String dockerHost() {
    return "unix://" + dir.resolve("docker/docker.sock");
  }

  /** Runs Debian's docker client against this host's daemon, from the controller; its stdout. */
  public String docker(String... args) {
    List<String> command = new ArrayList<>(List.of("/usr/bin/docker"));
    command.addAll(List.of(args));
    return run(command, Map.of("DOCKER_HOST", dockerHost())).strip();
  }

  /** The storage driver this host's daemon runs now. */
  public String driver() {
    return docker("info", "--format", "{{.Driver}}");
  }

  /** Whether the service container runs now. */
  public boolean serviceRunning() {
    return docker("ps", "--filter", "name=^web$", "--filter", "status=running", "--format",
        "{{.Names}}").equals("web");
  }

  /** Process id of this host's dockerd now, if it runs. */
  public Optional<Long> dockerdPid() {
    return pidFrom(dir.resolve("docker/docker.pid"));
  }

  /** Process id of this host's nginx master now, if it runs. */
  public Optional<Long> nginxPid() {
    return pidFrom(dir.resolve("nginx/nginx.pid"));
  }

  /** Whether sshd still runs. */
  public boolean sshdAlive() {
    return sshd != null && sshd.isAlive();
  }

  private static Optional<Long> pidFrom(Path pidFile) {
    try {
      if (!Files.exists(pidFile)) {
        return Optional.empty();
      }
      long pid = Long.parseLong(Files.readString(pidFile).strip());
      return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).map(ProcessHandle::pid);
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  private void awaitListening() throws IOException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
    while (!accepts()) {
      if (!sshd.isAlive()) {
        throw new IOException(name + ": did not start: " + tail(dir.resolve("sshd/sshd.log"))
            + " " + tail(dir.resolve("docker/dockerd.log")));
      }
      if (Instant.now().isAfter(deadline)) {
        throw new IOException(name + ": sshd did not listen on " + address + ":22 in 90 s");
      }
      try {
        sshd.waitFor(50, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException(e);
      }
    }
  }

  private boolean accepts() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(address, 22), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Stops the host: nginx and dockerd by their pid files (each given time to stop its children),
   * sshd, then every process still in the host's mount namespace, by pid.
   */
  void stop() {
    nginxPid().ifPresent(pid -> terminate(pid, Duration.ofSeconds(10)));
    dockerdPid().ifPresent(pid -> terminate(pid, Duration.ofSeconds(30)));
    if (sshd != null) {
      terminate(sshd.pid(), Duration.ofSeconds(5));
    }
    if (mountNamespace != null) {
      MountNamespace.processesIn(mountNamespace).forEach(p -> terminate(p, Duration.ofSeconds(5)));
    }
  }

  private static void terminate(long pid, Duration grace) {
    ProcessHandle.of(pid).ifPresent(p -> {
      p.destroy();
      try {
        p.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
      } catch (Exception e) {
        p.destroyForcibly();
      }
    });
  }

  static String tail(Path log) {
    try {
      if (!Files.exists(log)) {
        return "";
      }
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
    } catch (IOException e) {
      return "";
    }
  }

  static String resource(String name) {
    try (InputStream in = RealHost.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void writeScript(Path file, String text) throws IOException {
    Files.writeString(file, text);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  static String run(List<String> command) {
    return run(command, Map.of());
  }

  /** Runs a tool on the controller; fails when it exits non-zero; its stdout and stderr. */
  static String run(List<String> command, Map<String, String> env) {
    try {
      ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
      pb.environment().putAll(env);
      Process p = pb.start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
