package dev.rollout.plan;

import dev.rollout.plan.ProbeSpec.Kind;
import dev.rollout.source.Fields;
import dev.rollout.source.Node;
import dev.rollout.source.Node.ListNode;
import dev.rollout.source.Problems;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Reads {@code health}: interval, unhealthyAfter and the probes. */
final class HealthReader {

  private static final Set<String> KEYS = Set.of("interval", "unhealthyAfter", "probes");
  private static final Set<String> PROBE = probeKeys();
  private static final Set<String> EXPECT = Set.of("status", "body");

  private final Problems problems;

  private static Set<String> probeKeys() {
    Set<String> keys = new java.util.HashSet<>(Set.of("name", "http", "tcp", "ssh", "local",
        "prometheus", "alerts", "expect", "timeout"));
    keys.addAll(MetricProbeReader.keys());
    return Set.copyOf(keys);
  }

  HealthReader(Problems problems) {
    this.problems = problems;
  }

  Health read(Node n) {
    if (n == null) {
      return Health.NONE;
    }
    Fields f = Fields.of(n, "health", KEYS, problems);
    if (f == null) {
      return Health.NONE;
    }
    Duration interval = f.positiveDuration("interval", "interval").orElse(Duration.ofSeconds(30));
    return new Health(interval, f.integer("unhealthyAfter", 1, 1000).orElse(3),
        probes(f.get("probes")));
  }

  private List<ProbeSpec> probes(Node n) {
    List<ProbeSpec> out = new ArrayList<>();
    if (n == null) {
      return out;
    }
    if (!(n instanceof ListNode l)) {
      problems.add(n, "probes must be a list, found " + n.kindName());
      return out;
    }
    for (Node item : l.items()) {
      ProbeSpec p = probe(item);
      if (p != null) {
        out.add(p);
      }
    }
    return out;
  }

  private ProbeSpec probe(Node item) {
    Fields f = Fields.of(item, "a probe", PROBE, problems);
    if (f == null) {
      return null;
    }
    List<Kind> kinds = new ArrayList<>();
    for (Kind k : Kind.values()) {
      if (f.has(k.key())) {
        kinds.add(k);
      }
    }
    if (kinds.size() != 1) {
      problems.add(item, kinds.isEmpty() ? "the probe has no kind" : "the probe has several kinds: "
          + String.join(" and ", kinds.stream().map(Kind::key).toList()),
          "give exactly one of http, tcp, ssh, local, prometheus or alerts");
      return null;
    }
    Kind kind = kinds.get(0);
    String target = f.string(kind.key()).orElse(null);
    if (target == null) {
      return null;
    }
    checkTarget(kind, target, f.get(kind.key()));
    MetricProbeReader metrics = new MetricProbeReader(problems);
    metrics.refuseForeign(f, kind);
    MetricSpec metric = null;
    if (kind == Kind.PROMETHEUS || kind == Kind.ALERTS) {
      metric = metrics.read(f, kind, target);
      if (metric == null) {
        return null;
      }
    }
    int status = 200;
    String body = null;
    if (f.has("expect")) {
      Fields e = Fields.of(f.get("expect"), "expect", EXPECT, problems);
      if (e != null) {
        status = e.integer("status", 100, 599).orElse(200);
        body = e.string("body").orElse(null);
      }
    }
    Duration timeout = f.positiveDuration("timeout", "probe's timeout")
        .orElse(ProbeSpec.DEFAULT_TIMEOUT);
    return new ProbeSpec(f.string("name").orElse(kind.key() + " " + target), kind, target, status,
        body, timeout, item.position(), metric);
  }

  /**
   * A target without Rollout's variables is checked here as it is; one with them is checked with
   * their real values by {@link ProbeTargets}. The shell's {@code ${X}} is no variable of ours: in
   * a target it is text, and makes no URL or port.
   */
  private void checkTarget(Kind kind, String target, Node at) {
    boolean literal = Template.references(target).isEmpty();
    if (kind == Kind.HTTP && literal && !isHttpUrl(target)) {
      problems.add(at, "the http probe's URL \"" + target + "\" is not a URL",
          "write it in full, for example: http://10.1.0.10:8080/health");
    }
    if (kind != Kind.TCP) {
      return;
    }
    java.util.Optional<String> wrong = literal ? ProbeTargets.wrong(kind, target)
        : target.matches(".+:(\\d{1,5}|\\$\\{[^}]+})") ? java.util.Optional.empty()
            : java.util.Optional.of("is not host:port");
    if (wrong.filter(w -> w.contains("port out")).isPresent()) {
      problems.add(at, "the tcp probe's port in \"" + target + "\" is out of range",
          "a port is 1 to 65535");
    } else if (wrong.isPresent()) {
      problems.add(at, "the tcp probe's target \"" + target + "\" is not host:port",
          "for example: ${host.address}:443");
    }
  }

  static boolean isHttpUrl(String s) {
    try {
      URI u = new URI(s);
      return ("http".equals(u.getScheme()) || "https".equals(u.getScheme()))
          && u.getHost() != null && (u.getPort() == -1 || u.getPort() >= 1 && u.getPort() <= 65535);
    } catch (java.net.URISyntaxException e) {
      return false;
    }
  }
}
