package dev.rollout.realfleet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A fleet of {@link RealHost}s for a test class: {@code @RegisterExtension static RealFleet fleet =
 * RealFleet.docker(3, "127.0.155.11");} starts hosts {@code node-1..3} on 127.0.155.11-13 (in
 * parallel) before the class and stops them by pid after it, its directory removed. One client
 * key logs in to every host; one known_hosts file lists them all. The class is skipped, with the
 * reason, only where a host's daemons cannot start here (not root, a package missing, dockerd
 * failing).
 */
public final class RealFleet implements BeforeAllCallback, AfterAllCallback {

  private final int size;
  private final String firstAddress;
  private final IntFunction<RealHost.Options> options;
  private final List<RealHost> hosts = new ArrayList<>();
  private Path dir;

  private RealFleet(int size, String firstAddress, IntFunction<RealHost.Options> options) {
    this.size = size;
    this.firstAddress = firstAddress;
    this.options = options;
  }

  /** {@code size} hosts, each with its private dockerd and service container. */
  public static RealFleet docker(int size, String firstAddress) {
    return new RealFleet(size, firstAddress, i -> new RealHost.Options(true, false, ""));
  }

  /** {@code size} hosts, each with nginx; host i's http block gets {@code http.apply(i)}. */
  public static RealFleet nginx(int size, String firstAddress, IntFunction<String> http) {
    return new RealFleet(size, firstAddress, i -> new RealHost.Options(false, true,
        http.apply(i)));
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    List<String> missing = RealSystems.missing(options.apply(1));
    Assumptions.assumeTrue(missing.isEmpty(), () -> "real-systems fleet cannot start here: "
        + String.join("; ", missing));
    dir = Files.createTempDirectory("rf");
    Path key = dir.resolve("id_ed25519");
    RealHost.run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "rollout-test",
        "-f", key.toString()));
    Path image = RealSystems.busyboxImage(dir);
    String[] octets = firstAddress.split("\\.");
    String prefix = octets[0] + "." + octets[1] + "." + octets[2] + ".";
    int first = Integer.parseInt(octets[3]);
    for (int i = 1; i <= size; i++) {
      hosts.add(new RealHost("node-" + i, prefix + (first + i - 1),
          dir.resolve("node-" + i), options.apply(i)));
    }
    ExecutorService pool = Executors.newFixedThreadPool(size);
    try {
      List<Future<?>> starts = new ArrayList<>();
      for (RealHost h : hosts) {
        starts.add(pool.submit(() -> {
          h.start(image, Path.of(key + ".pub"));
          return null;
        }));
      }
      for (Future<?> f : starts) {
        try {
          f.get();
        } catch (java.util.concurrent.ExecutionException e) {
          afterAll(context);
          Assumptions.abort("real-systems fleet cannot start here: " + e.getCause().getMessage());
        }
      }
    } finally {
      pool.shutdown();
    }
    Files.write(dir.resolve("known_hosts"), hosts.stream().map(RealHost::knownHostsLine).toList());
  }

  @Override
  public void afterAll(ExtensionContext context) {
    hosts.parallelStream().forEach(RealHost::stop);
    hosts.clear();
    if (dir != null) {
      delete(dir);
      dir = null;
    }
  }

  public List<RealHost> hosts() {
    return hosts;
  }

  /** Host {@code i}, counted from 1. */
  public RealHost host(int i) {
    return hosts.get(i - 1);
  }

  public Path dir() {
    return dir;
  }

  public Path clientKey() {
    return dir.resolve("id_ed25519");
  }

  public Path knownHosts() {
    return dir.resolve("known_hosts");
  }

  /**
   * An inventory of the fleet in the shape of the bundled one: every host in group
   * {@code docker-hosts} and label {@code role: web}, spread over two hypervisor labels, with vars
   * {@code url} (nginx's when the host runs it, else the service's), {@code service} and
   * {@code serviceDir}; {@code overrides} replaces vars by host name.
   */
  public String inventory(Map<String, Map<String, String>> overrides) {
    return inventory(overrides, h -> true);
  }

  /** As {@link #inventory(Map)}, with label {@code role: web} only on the hosts {@code web} takes. */
  public String inventory(Map<String, Map<String, String>> overrides,
      java.util.function.Predicate<RealHost> web) {
    StringBuilder y = new StringBuilder("""
        defaults:
          user: root
          identity: %s
          knownHosts: %s
        hosts:
        """.formatted(clientKey(), knownHosts()));
    for (RealHost h : hosts) {
      Map<String, String> vars = new LinkedHashMap<>();
      vars.put("url", h.etcNginxExists() ? h.nginxUrl() : h.serviceUrl());
      vars.put("service", "web");
      vars.put("serviceDir", h.serviceDir().toString());
      vars.putAll(overrides.getOrDefault(h.name(), Map.of()));
      y.append("  ").append(h.name()).append(":\n")
          .append("    address: ").append(h.address()).append('\n')
          .append("    labels: { role: ").append(web.test(h) ? "web" : "other")
          .append(", hypervisor: hv-")
          .append(hosts.indexOf(h) % 2 + 1).append(" }\n")
          .append("    vars:\n");
      vars.forEach((k, v) -> y.append("      ").append(k).append(": \"").append(v)
          .append("\"\n"));
    }
    y.append("groups:\n  docker-hosts: [")
        .append(String.join(", ", hosts.stream().map(RealHost::name).toList())).append("]\n");
    return y.toString();
  }

  static void delete(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
