package dev.rollout.transport.ssh;

import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.Base64;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.KeyType;

/**
 * Why a host key was refused.
 *
 * @param kind what was wrong with the key
 * @param knownHostsName the host as looked up in known_hosts ({@code addr} or {@code [addr]:port})
 * @param key the key the server presented
 * @param knownHosts the file that was checked
 */
record HostKeyRejection(Kind kind, String knownHostsName, PublicKey key, Path knownHosts) {

  /** What was wrong with the key the server presented. */
  enum Kind {
    /** The host is not in known_hosts at all. */
    UNKNOWN,
    /** known_hosts holds a different key for this host (or one of another type only). */
    CHANGED,
    /** The key is marked {@code @revoked} for this host: never accepted, as in OpenSSH. */
    REVOKED,
    /**
     * A {@code @cert-authority} line applies to this host, or the server presented a certificate:
     * host certificates are not supported, and are refused rather than ignored.
     */
    CERTIFICATE
  }

  /** True when known_hosts holds a different key for this host. */
  boolean changed() {
    return kind == Kind.CHANGED;
  }

  /** The key type as OpenSSH names it, such as {@code ssh-ed25519}. */
  String keyType() {
    return KeyType.fromKey(key).toString();
  }

  /** The fingerprint as OpenSSH prints it: {@code SHA256:} and unpadded base64. */
  String fingerprint() {
    return sha256Fingerprint(key);
  }

  /** One sentence saying what was refused and what to do. */
  String describe(String host) {
    String presented = keyType() + " key " + fingerprint();
    return switch (kind) {
      case CHANGED -> "host key of " + host + " has CHANGED: the server presented " + presented
          + ", which differs from the key recorded in " + knownHosts
          + " (possible man-in-the-middle; if the change is expected, run: ssh-keygen -R '"
          + knownHostsName + "' -f " + knownHosts + ")";
      case REVOKED -> "REVOKED HOST KEY DETECTED for " + host + ": the server presented "
          + presented + ", which " + knownHosts + " marks @revoked (a stolen key may be "
          + "impersonating this host; never accepted)";
      case CERTIFICATE -> "host key of " + host + " refused: host certificates are not "
          + "supported, and " + (keyType().endsWith("-cert-v01@openssh.com")
              ? "the server presented one (" + presented + ")"
              : knownHosts + " trusts a @cert-authority for " + knownHostsName
                  + " (the server presented " + presented + ")")
          + "; record the host's own key instead, for example with ssh-keyscan";
      case UNKNOWN -> "host key of " + host + " is UNKNOWN: the server presented " + presented
          + ", which is not in " + knownHosts
          + " (verify it, then add it with ssh-keyscan or use hostKeys: accept-new)";
    };
  }

  static String sha256Fingerprint(PublicKey key) {
    byte[] blob = new Buffer.PlainBuffer().putPublicKey(key).getCompactData();
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(blob);
      return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
