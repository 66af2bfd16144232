package dev.rollout.transport.ssh;

import dev.rollout.transport.HostKeyPolicy;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PublicKey;
import java.util.Base64;
import java.util.Optional;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.KeyType;
import net.schmizz.sshj.transport.verification.OpenSSHKnownHosts;

/**
 * Checks host keys against an OpenSSH known_hosts file (plain, hashed and {@code [host]:port}
 * entries, as sshj's parser reads them). An unknown host is recorded under {@link
 * HostKeyPolicy#ACCEPT_NEW}; a changed key is always refused. The refusal is kept so the caller can
 * report it with the SHA256 fingerprint.
 */
final class KnownHostsVerifier extends OpenSSHKnownHosts {

  private static final Object APPEND_LOCK = new Object();

  private final Path file;
  private final HostKeyPolicy policy;
  private volatile HostKeyRejection rejection;

  KnownHostsVerifier(Path file, HostKeyPolicy policy) throws IOException {
    super(file.toFile());
    this.file = file;
    this.policy = policy;
  }

  /** The last refusal, if the server's key was refused. */
  Optional<HostKeyRejection> rejection() {
    return Optional.ofNullable(rejection);
  }

  @Override
  protected boolean hostKeyUnverifiableAction(String hostname, PublicKey key) {
    boolean otherTypeKnown = knownWithAnyKey(hostname);
    if (policy == HostKeyPolicy.ACCEPT_NEW && !otherTypeKnown && append(hostname, key)) {
      return true;
    }
    // A host known under another key type presenting a new type is treated as a changed key, as
    // accept-new must never let a server swap its identity by offering a different algorithm.
    rejection = new HostKeyRejection(otherTypeKnown, hostname, key, file);
    return false;
  }

  private boolean knownWithAnyKey(String hostname) {
    for (KnownHostEntry e : entries()) {
      try {
        if (e.appliesTo(hostname)) {
          return true;
        }
      } catch (IOException ex) {
        return true;
      }
    }
    return false;
  }

  @Override
  protected boolean hostKeyChangedAction(String hostname, PublicKey key) {
    rejection = new HostKeyRejection(true, hostname, key, file);
    return false;
  }

  /** Records the key; false (the key is then refused) when known_hosts cannot be written. */
  private boolean append(String hostname, PublicKey key) {
    byte[] blob = new Buffer.PlainBuffer().putPublicKey(key).getCompactData();
    String line = hostname + " " + KeyType.fromKey(key) + " "
        + Base64.getEncoder().encodeToString(blob) + "\n";
    synchronized (APPEND_LOCK) {
      try {
        createIfMissing();
        String text = endsWithNewline() ? line : "\n" + line;
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        return true;
      } catch (IOException e) {
        log.warn("Cannot record the host key of {} in {}: {}", hostname, file, e.toString());
        return false;
      }
    }
  }

  private void createIfMissing() throws IOException {
    if (Files.exists(file)) {
      return;
    }
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.createFile(file, PosixFilePermissions.asFileAttribute(
        PosixFilePermissions.fromString("rw-------")));
  }

  private boolean endsWithNewline() throws IOException {
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
      if (raf.length() == 0) {
        return true;
      }
      raf.seek(raf.length() - 1);
      return raf.read() == '\n';
    }
  }
}
