package dev.rollout.engine;

import dev.rollout.plan.HostValues;
import dev.rollout.plan.ProbeSpec;
import dev.rollout.plan.Template;
import dev.rollout.plan.MetricQuery;
import dev.rollout.probe.AlertsProbe;
import dev.rollout.probe.HttpExpectation;
import dev.rollout.probe.HttpProbe;
import dev.rollout.probe.LocalProbe;
import dev.rollout.probe.OutputMask;
import dev.rollout.probe.Probe;
import dev.rollout.probe.PrometheusApi;
import dev.rollout.probe.PrometheusBatch;
import dev.rollout.probe.PrometheusProbe;
import dev.rollout.probe.ShellProbe;
import dev.rollout.probe.TcpProbe;
import dev.rollout.transport.RemoteShell;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Builds one host's probes from the plan's probe definitions, variables substituted. */
final class ProbeFactory {

  private final Clock clock;
  private final OutputMask mask;

  private final java.time.Duration healthInterval;
  private final Map<String, PrometheusBatch> batches = new java.util.HashMap<>();

  ProbeFactory(Clock clock, Masker masker) {
    this(clock, masker, java.time.Duration.ofSeconds(30));
  }

  /** @param healthInterval {@code health.interval}: a batched answer serves one interval */
  ProbeFactory(Clock clock, Masker masker, java.time.Duration healthInterval) {
    this.clock = clock;
    this.mask = new OutputMask(masker.secrets());
    this.healthInterval = healthInterval;
  }

  /** {@code LABEL="${host.name}"} (or address): the one matcher a query may be batched on. */
  private static final java.util.regex.Pattern HOST_MATCHER = java.util.regex.Pattern.compile(
      "([A-Za-z_][A-Za-z0-9_]*)\\s*=\\s*\"\\$\\{\\s*host\\.(name|address)\\s*}\"");

  List<Probe> probes(List<ProbeSpec> specs, HostValues values, RemoteShell shell) {
    List<Probe> out = new ArrayList<>();
    for (ProbeSpec s : specs) {
      out.add(probe(s, values, shell));
    }
    return out;
  }

  private Probe probe(ProbeSpec s, HostValues v, RemoteShell shell) {
    return switch (s.kind()) {
      case HTTP -> {
        HttpExpectation e = HttpExpectation.status(s.expectStatus());
        e = s.expectBody() == null ? e : e.withBodyContaining(s.expectBody());
        yield new HttpProbe(s.name(), URI.create(Template.plain(s.target(), v.real())), e,
            s.timeout(), clock, mask);
      }
      case TCP -> {
        String target = Template.plain(s.target(), v.real());
        int colon = target.lastIndexOf(':');
        String host = target.substring(0, colon).replaceAll("^\\[|]$", "");
        yield new TcpProbe(s.name(), host, Integer.parseInt(target.substring(colon + 1)),
            s.timeout(), clock);
      }
      case SSH -> new ShellProbe(s.name(), shell, Template.command(s.target(), v.real()),
          s.timeout(), clock, mask);
      case LOCAL -> new LocalProbe(s.name(), Template.command(s.target(), v.real()),
          v.environment(), null, s.timeout(), clock, mask);
      case PROMETHEUS -> batchedIfOne(s, v, new PrometheusProbe(s.name(), api(s, v),
          MetricQuery.resolve(s.metric().query(), v.real()), s.metric().rule(),
          Optional.ofNullable(s.metric().interval()), clock).masked(mask));
      case ALERTS -> new AlertsProbe(s.name(), api(s, v), "prometheus".equals(
          s.metric().alertsFrom()), matchOf(s, v), s.metric().firingFor(),
          s.metric().rule().errorsAfter(), Optional.ofNullable(s.metric().interval()), clock)
          .masked(mask);
    };
  }

  /**
   * Shares one query among every host when the query's only variable is one {@code
   * LABEL="${host.name}"} matcher (bench/RESULTS.md: one query per host per interval costs the
   * controller ~10% of a core at 1,000 hosts).
   */
  private PrometheusProbe batchedIfOne(ProbeSpec s, HostValues v, PrometheusProbe probe) {
    String q = s.metric().query();
    java.util.regex.Matcher m = HOST_MATCHER.matcher(q);
    if (Template.references(q).size() != 1 || !m.find() || s.metric().rule().range().isPresent()) {
      return probe;
    }
    String url = Template.plain(s.target(), v.real());
    String label = m.group(1);
    int from = m.start();
    int to = m.end();
    java.time.Duration every = s.metric().interval() != null ? s.metric().interval()
        : healthInterval;
    PrometheusBatch batch = batches.computeIfAbsent(s.name() + "\n" + url,
        k -> new PrometheusBatch(api(s, v), label,
            matcher -> q.substring(0, from) + matcher + q.substring(to), every,
            clock));
    String value = m.group(2).equals("name") ? v.host().name()
        : Template.plain("${host.address}", v.real());
    return probe.batched(batch, value);
  }

  /** The metrics server; its bearer token read from the controller's environment. */
  private static PrometheusApi api(ProbeSpec s, HostValues v) {
    String env = s.metric().tokenEnv();
    Optional<String> token = env == null ? Optional.empty()
        : Optional.ofNullable(System.getenv(env)).filter(t -> !t.isEmpty());
    return new PrometheusApi(URI.create(Template.plain(s.target(), v.real())), token,
        s.timeout());
  }

  private static Map<String, String> matchOf(ProbeSpec s, HostValues v) {
    Map<String, String> out = new LinkedHashMap<>();
    s.metric().match().forEach((k, val) -> out.put(k, Template.plain(val, v.real())));
    return out;
  }
}
