package dev.rollout.inventory;

import dev.rollout.source.Position;
import dev.rollout.source.Problems;
import dev.rollout.transport.HostKeyPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Before anything connects: every identity file the inventory or ssh_config names exists and is
 * readable, and every known_hosts file named exists unless its hosts may record new keys
 * ({@code accept-new}). One problem per file, naming the hosts that use it, never one per host.
 * OpenSSH's default identities are not named, so a missing one is skipped, as OpenSSH skips it.
 */
final class KeyFileChecks {

  private final Problems problems;
  private final Path baseDir;

  KeyFileChecks(Problems problems, Path baseDir) {
    this.problems = problems;
    this.baseDir = baseDir;
  }

  void check(Map<String, Host> hosts, Map<String, SshConfigLayer.Result> sources) {
    Map<Path, Use> identities = new LinkedHashMap<>();
    Map<Path, Use> knownHosts = new LinkedHashMap<>();
    for (Host h : hosts.values()) {
      SshConfigLayer.Result r = sources.get(h.name());
      if (h.isContainer() || r == null) {
        continue;
      }
      for (int i = 0; i < h.identities().size(); i++) {
        Position at = i < r.identitySources().size() ? r.identitySources().get(i) : h.position();
        use(identities, h.identities().get(i), at, h.name());
      }
      if (r.knownHostsSource() != null && h.hostKeys() != HostKeyPolicy.ACCEPT_NEW) {
        use(knownHosts, h.knownHosts(), r.knownHostsSource(), h.name());
      }
    }
    identities.forEach((file, use) -> {
      if (!Files.isReadable(file) || Files.isDirectory(file)) {
        problems.add(use.at, "", "identity file " + file + (Files.exists(file)
            ? " is not readable" : " does not exist") + " (named for " + use.hosts() + ")",
            "create it (ssh-keygen -t ed25519 -f " + file + "), fix the path, or leave identity"
                + " unset to use ssh-agent and ~/.ssh/id_*");
      }
    });
    knownHosts.forEach((file, use) -> {
      if (!Files.exists(file)) {
        problems.add(use.at, "", "known_hosts file " + file + " does not exist (named for "
            + use.hosts() + "), so no host key can be checked",
            "fill it with ssh-keyscan -p PORT HOST >> " + file + ", or set hostKeys: accept-new"
                + " to record the keys on first connect");
      }
    });
  }

  private void use(Map<Path, Use> uses, String file, Position at, String host) {
    Path p = path(file);
    uses.computeIfAbsent(p, k -> new Use(at, new ArrayList<>())).names.add(host);
  }

  private Path path(String p) {
    return HostFile.resolve(baseDir, p);
  }

  private record Use(Position at, List<String> names) {
    String hosts() {
      return names.size() <= 3 ? String.join(", ", names)
          : String.join(", ", names.subList(0, 3)) + " and " + (names.size() - 3) + " more";
    }
  }
}
