package dev.rollout.plan;

import dev.rollout.inventory.Var;
import dev.rollout.plan.ProbeSpec.Kind;
import dev.rollout.plan.Template.Reference;
import dev.rollout.source.Problems;
import java.util.List;
import java.util.Optional;

/**
 * Checks the probe targets that are not commands, an http URL, a tcp {@code host:port}, a
 * Prometheus or Alertmanager server's http(s) URL, with the values a run will use: secrets in clear. A secret that makes a target invalid is refused at
 * validation, before any lock is taken or run created, not found by a crash at run time. A problem
 * never shows a secret: it shows the target with secrets as {@code ****} and names each secret's
 * variable and environment variable. A target whose secret is not set is left to the check of
 * missing secrets, which refuses the run before it starts.
 */
final class ProbeTargets {

  private final Problems problems;

  ProbeTargets(Problems problems) {
    this.problems = problems;
  }

  /** Reports the first target host for which {@code p}'s target is invalid. */
  void check(ProbeSpec p, List<HostValues> values) {
    if (p.kind() == Kind.SSH || p.kind() == Kind.LOCAL
        || Template.references(p.target()).isEmpty()) {
      return;
    }
    for (HostValues v : values) {
      List<String> secrets = secretsOf(p.target(), v);
      if (secrets == null) {
        continue;
      }
      Optional<String> wrong = wrong(p.kind(), Template.plain(p.target(), v.real()));
      if (wrong.isPresent()) {
        problems.add(p.position(), "health.probes", "probe \"" + p.name() + "\" gives \""
            + Template.plain(p.target(), v.shown()) + "\" for host " + v.host().name()
            + ", which " + wrong.get(), hint(secrets));
        return;
      }
    }
  }

  /** What is wrong with a resolved target, or empty when a probe can be made of it. */
  static Optional<String> wrong(Kind kind, String target) {
    if (kind == Kind.HTTP) {
      return HealthReader.isHttpUrl(target) ? Optional.empty() : Optional.of("is not a URL");
    }
    if (kind == Kind.PROMETHEUS || kind == Kind.ALERTS) {
      return HealthReader.isHttpUrl(target) ? Optional.empty()
          : Optional.of("is not an http(s) URL");
    }
    int colon = target.lastIndexOf(':');
    String host = colon < 0 ? "" : target.substring(0, colon).replaceAll("^\\[|]$", "");
    String port = target.substring(colon + 1);
    if (host.isBlank() || !port.matches("\\d{1,5}")) {
      return Optional.of("is not host:port");
    }
    int n = Integer.parseInt(port);
    return n >= 1 && n <= 65535 ? Optional.empty() : Optional.of("has a port out of 1-65535");
  }

  /** The secrets the target uses, as {@code vars.K ($ENV)}; null when one of them is not set. */
  private static List<String> secretsOf(String target, HostValues v) {
    List<String> out = new java.util.ArrayList<>();
    for (Reference ref : Template.references(target)) {
      Optional<Var> var = v.lookup(ref);
      if (var.isPresent() && var.get().secret()) {
        if (var.get().value() == null) {
          return null;
        }
        out.add(ref.namespace() + "." + ref.key() + " ($" + var.get().env() + ")");
      }
    }
    return out;
  }

  private static String hint(List<String> secrets) {
    return secrets.isEmpty() ? "check the variables it uses" : "it uses the secret "
        + String.join(", ", secrets) + ", whose value is not shown: check that value";
  }
}
