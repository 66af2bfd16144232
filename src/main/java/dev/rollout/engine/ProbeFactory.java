package dev.rollout.engine;

import dev.rollout.plan.HostValues;
import dev.rollout.plan.ProbeSpec;
import dev.rollout.plan.Template;
import dev.rollout.probe.HttpExpectation;
import dev.rollout.probe.HttpProbe;
import dev.rollout.probe.LocalProbe;
import dev.rollout.probe.OutputMask;
import dev.rollout.probe.Probe;
import dev.rollout.probe.ShellProbe;
import dev.rollout.probe.TcpProbe;
import dev.rollout.transport.RemoteShell;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** Builds one host's probes from the plan's probe definitions, variables substituted. */
final class ProbeFactory {

  private final Clock clock;
  private final OutputMask mask;

  ProbeFactory(Clock clock, Masker masker) {
    this.clock = clock;
    this.mask = new OutputMask(masker.secrets());
  }

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
    };
  }
}
