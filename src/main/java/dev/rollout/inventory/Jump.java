package dev.rollout.inventory;

import dev.rollout.transport.HostKeyPolicy;
import java.time.Duration;
import java.util.List;

/**
 * A jump host that ssh_config's ProxyJump names, resolved through ssh_config in its turn (it need
 * not be in the inventory).
 *
 * @param name how messages name it: the hop as written, such as {@code ops@gate:2222}
 * @param address where to connect (its HostName)
 * @param port its port
 * @param user its login user: the hop's, else its User, else the controller's user
 * @param identities its IdentityFiles, expanded; empty for the agent and OpenSSH's defaults
 * @param identitiesOnly its IdentitiesOnly
 * @param knownHosts its UserKnownHostsFile, else the target's knownHosts
 * @param hostKeys its StrictHostKeyChecking, else the target's hostKeys
 * @param connectTimeout its ConnectTimeout, else the target's
 */
public record Jump(String name, String address, int port, String user, List<String> identities,
    boolean identitiesOnly, String knownHosts, HostKeyPolicy hostKeys, Duration connectTimeout) {

  public Jump {
    identities = List.copyOf(identities);
  }
}
