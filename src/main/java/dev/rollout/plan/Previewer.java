package dev.rollout.plan;

import dev.rollout.inventory.Host;
import dev.rollout.plan.Preview.ProbePreview;
import dev.rollout.plan.Preview.Stage;
import dev.rollout.plan.Preview.StageHost;
import dev.rollout.plan.Preview.StepPreview;
import dev.rollout.source.Durations;
import dev.rollout.transport.Wrap;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/** Builds the {@link Preview} of a resolved plan. Connects to nothing. */
public final class Previewer {

  private final ResolvedPlan rp;
  private final Map<String, HostValues> values = new LinkedHashMap<>();
  private final Map<String, Wrap> wraps = new LinkedHashMap<>();
  private final Map<String, List<String>> chains = new java.util.HashMap<>();

  private final LongAdder visits;

  public Previewer(ResolvedPlan rp) {
    this(rp, new LongAdder());
  }

  /** @param visits counts each host a stage, step or probe of the preview visits (a test seam) */
  Previewer(ResolvedPlan rp, LongAdder visits) {
    this.rp = rp;
    this.visits = visits;
    rp.targets().forEach(h -> values.put(h.name(), rp.values(h, HostValues.NO_RUN_YET)));
    rp.targets().stream().filter(Host::isContainer)
        .forEach(h -> wraps.put(h.name(), parsed(h.container().wrap())));
  }

  /** A wrap the inventory's validation has already accepted. */
  private static Wrap parsed(String wrap) {
    try {
      return Wrap.parse(wrap);
    } catch (Wrap.Invalid e) {
      throw new IllegalStateException("a validated wrap does not parse: " + e.getMessage(), e);
    }
  }

  public Preview preview(PlanHash hash) {
    Plan p = rp.plan();
    Map<String, String> strategy = strategy(p.strategy());
    AnalysisSpec a = p.strategy().analysis();
    if (a != null) {
      strategy.put("analysis", "control " + String.join(", ", ControlHosts.ofCanary(rp))
          + "; metrics " + String.join(", ", a.metrics()) + "; canaries may change at most "
          + a.tolerance() + "x the controls' change (Mann-Whitney U at " + a.confidence()
          + " with " + AnalysisSpec.MIN_POINTS + "+ points per side); a last wave without "
          + "controls is compared with its own pre-change window; canaries worse: they fail; "
          + "controls moved too: the run pauses, no host rolled back");
    }
    return new Preview(1, p.name(), p.description(), p.file(), rp.inventory().file(),
        rp.targets().size(), strategy, stages(), steps(), probes(), timing(), hash);
  }

  /** The strategy in words, one entry per setting, as previews and reports show it. */
  public static Map<String, String> strategy(Strategy s) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("canary", s.canary().hosts().isEmpty() ? Integer.toString(s.canary().count())
        : String.join(", ", s.canary().hosts()));
    m.put("waves", s.waves().toString());
    m.put("maxParallel", Integer.toString(s.maxParallel()));
    m.put("maxFailures", s.maxFailures().toString());
    m.put("onFailure", s.onFailure().name().toLowerCase());
    m.put("rollbackScope", s.rollbackScope().name().toLowerCase());
    m.put("pauseAfterCanary", Boolean.toString(s.pauseAfterCanary()));
    m.put("rehearseRollback", Boolean.toString(s.rehearseRollback()));
    m.put("spreadBy", s.spreadBy() == null ? "" : s.spreadBy());
    return m;
  }

  /**
   * What a report shows of a plan's settings: its strategy ({@link #strategy}), the soaks, the
   * watch, and how health is judged.
   */
  public static Map<String, String> settings(Plan p) {
    Map<String, String> m = strategy(p.strategy());
    m.put("soak", Durations.format(p.strategy().soak()));
    m.put("waveSoak", Durations.format(p.strategy().waveSoak()));
    m.put("watch", Durations.format(p.strategy().watch()));
    m.put("interval", Durations.format(p.health().interval()));
    m.put("unhealthyAfter", Integer.toString(p.health().unhealthyAfter()));
    return m;
  }

  private List<Stage> stages() {
    Strategy s = rp.plan().strategy();
    List<Stage> out = new ArrayList<>();
    for (Wave w : rp.waves()) {
      List<StageHost> hosts = new ArrayList<>();
      for (int i = 0; i < w.hosts().size(); i++) {
        visits.increment();
        Host h = rp.host(w.hosts().get(i));
        List<String> via = h.via() == null ? List.of() : chainTo(h.via());
        String console = h.console() == null ? null
            : h.console().wrap() + " @ " + h.console().host();
        String consoleRuns = h.console() == null ? null
            : parsed(h.console().wrap()).around("<command>");
        hosts.add(new StageHost(h.name(), h.displayAddress(), via, console, consoleRuns,
            w.canary() ? w.reasons().get(i) : null));
      }
      Duration soak = w.canary() ? s.soak() : s.waveSoak();
      out.add(new Stage(w.label(), hosts, w.serves(), Durations.format(soak)));
    }
    return out;
  }

  /**
   * The jump hosts to go through to reach {@code via} and then {@code via} itself, nearest to the
   * controller first: as {@link dev.rollout.inventory.Inventory#jumpChain}, each chain worked out
   * once however many hosts share its bastion. Validation has ruled out cycles.
   */
  private List<String> chainTo(String via) {
    List<String> chain = chains.get(via);
    if (chain == null) {
      visits.increment();
      Host jump = rp.host(via);
      List<String> out = new ArrayList<>(jump.via() == null ? List.of() : chainTo(jump.via()));
      out.add(via);
      chain = List.copyOf(out);
      chains.put(via, chain);
    }
    return chain;
  }

  private List<StepPreview> steps() {
    Plan p = rp.plan();
    Map<String, List<Step>> phases = new LinkedHashMap<>();
    phases.put("preflight", p.preflight());
    phases.put("rollbackCheck", p.rollbackCheck());
    phases.put("change", p.change());
    phases.put("verify", p.verify());
    phases.put("rollback", p.rollback());
    List<StepPreview> out = new ArrayList<>();
    phases.forEach((phase, steps) -> {
      for (int i = 0; i < steps.size(); i++) {
        Step st = steps.get(i);
        Map<String, String> per = perHost(v -> Template.command(st.run(), v.shown()),
            !st.onConsoleHost());
        String every = same(per);
        out.add(new StepPreview(phase, i + 1, st.name(), Durations.format(st.timeout()),
            st.onConsoleHost(), every,
            every == null ? per : Map.of()));
      }
    });
    return out;
  }

  private List<ProbePreview> probes() {
    List<ProbePreview> out = new ArrayList<>();
    for (ProbeSpec pr : rp.plan().health().probes()) {
      if (pr.isMetric()) {
        Map<String, String> per = perHost(v -> MetricPreview.asked(pr, v), false);
        String every = same(per);
        out.add(new ProbePreview(pr.name(), pr.kind().key(), MetricPreview.expect(pr),
            Durations.format(pr.timeout()), every, every == null ? per : Map.of()));
        continue;
      }
      boolean shell = pr.kind() == ProbeSpec.Kind.SSH || pr.kind() == ProbeSpec.Kind.LOCAL;
      Map<String, String> per = perHost(v -> shell ? Template.command(pr.target(), v.shown())
          : Template.plain(pr.target(), v.shown()), pr.kind() == ProbeSpec.Kind.SSH);
      String every = same(per);
      String expect = pr.kind() != ProbeSpec.Kind.HTTP ? (pr.kind() == ProbeSpec.Kind.TCP
          ? "connects" : "exit 0")
          : "status " + pr.expectStatus() + (pr.expectBody() == null ? ""
              : ", body contains \"" + pr.expectBody() + "\"");
      out.add(new ProbePreview(pr.name(), pr.kind().key(), expect,
          Durations.format(pr.timeout()), every, every == null ? per : Map.of()));
    }
    return out;
  }

  /**
   * Each target's command; with {@code onTarget}, a container's command as its carrier runs it,
   * fully wrapped ({@code 'docker' 'exec' 'web-1' sh -c '<command>'}).
   */
  private Map<String, String> perHost(Function<HostValues, String> render, boolean onTarget) {
    Map<String, String> per = new LinkedHashMap<>();
    values.forEach((name, v) -> {
      visits.increment();
      String command = render.apply(v);
      Wrap wrap = onTarget ? wraps.get(name) : null;
      per.put(name, wrap == null ? command : wrap.around(command));
    });
    return per;
  }

  private static String same(Map<String, String> per) {
    return per.values().stream().distinct().count() == 1 ? per.values().iterator().next() : null;
  }

  private Preview.Timing timing() {
    Plan p = rp.plan();
    Strategy s = p.strategy();
    return new Preview.Timing(Durations.format(p.health().interval()),
        p.health().unhealthyAfter(), Durations.format(s.soak()), Durations.format(s.waveSoak()),
        Durations.format(s.watch()), Durations.format(rp.minimumDuration()));
  }
}
