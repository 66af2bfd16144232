package dev.rollout.demo;

/**
 * The inventory of the demo fleet: the incident's shape (a hypervisor, five containers with
 * {@code pct exec} as their console) under names of its own ({@code demo-containers}), so that the
 * bundled plans, written for real hosts, never validate against the demo's hosts, whose commands
 * run on this machine.
 */
final class DemoInventory {

  private DemoInventory() {}

  /** The inventory of {@code fleet}, its servers started (their ports are in it). */
  static String yaml(DemoFleet fleet) {
    StringBuilder b = new StringBuilder("""
        # The demo's fleet, made by `rollout demo`: the incident's shape, a Proxmox hypervisor and
        # five containers, each an SSH server on its own loopback address. Ports change every time.
        # The servers take any user name with the demo's key. Their commands run ON THIS MACHINE,
        # as you, in each host's directory under hosts/: apply only the demo's plan to them.
        defaults:
          user: root
          identity: client_ed25519          # relative to this file
          knownHosts: known_hosts
          hostKeys: strict
        hosts:
        """);
    EmbeddedHost hv = fleet.host(DemoFleet.HYPERVISOR);
    b.append("  ").append(DemoFleet.HYPERVISOR).append(":\n")
        .append("    address: ").append(hv.address()).append('\n')
        .append("    port: ").append(hv.sshPort()).append('\n')
        .append("    labels: { demo-role: hypervisor }\n");
    for (DemoFleet.Container c : DemoFleet.CONTAINERS) {
      EmbeddedHost h = fleet.host(c.name());
      b.append("  ").append(c.name()).append(":\n")
          .append("    address: ").append(h.address()).append('\n')
          .append("    port: ").append(h.sshPort()).append('\n')
          .append("    labels: { demo-role: ").append(c.role()).append(", hypervisor: ")
          .append(DemoFleet.HYPERVISOR).append(" }\n")
          .append("    vars: { url: \"http://").append(h.address()).append(':')
          .append(h.httpPort()).append("\", vmid: \"").append(c.vmid()).append("\" }\n")
          .append("    serves: [").append(String.join(", ", c.serves())).append("]\n")
          .append("    console: { host: ").append(DemoFleet.HYPERVISOR)
          .append(", wrap: pct exec ").append(c.vmid()).append(" -- }\n");
    }
    b.append("groups:\n  demo-hypervisors: [").append(DemoFleet.HYPERVISOR)
        .append("]\n  demo-containers: [").append(String.join(", ",
            DemoFleet.CONTAINERS.stream().map(DemoFleet.Container::name).toList()))
        .append("]\n");
    return b.toString();
  }
}
