package dev.rollout.transport.ssh;

import dev.rollout.transport.HostKeyPolicy;
import dev.rollout.transport.ssh.HostKeyRejection.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.KeyType;
import net.schmizz.sshj.transport.verification.HostKeyVerifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks host keys against an OpenSSH known_hosts file (plain, hashed and {@code [host]:port}
 * entries, as sshj's parser reads them). An unknown host is recorded under {@link
 * HostKeyPolicy#ACCEPT_NEW}; a changed key is always refused. As in OpenSSH, a key marked {@code
 * @revoked} for the host is refused whatever else the file says. {@code @cert-authority} lines are
 * not supported: a host they apply to is refused unless its own key is recorded, and a certificate
 * presented by a server is refused. The refusal is kept so the caller can report it with the
 * SHA256 fingerprint.
 *
 * <p>The file must be a regular file (a link to one is fine) of at most 16 MiB, or not exist yet:
 * its type is checked before it is opened, so {@code /dev/null} never swallows recorded keys, a
 * FIFO never blocks and {@code /dev/zero} is never read.
 */
final class KnownHostsVerifier implements HostKeyVerifier {

  static final long MAX_BYTES = 16L * 1024 * 1024;

  private static final Logger LOG = LoggerFactory.getLogger(KnownHostsVerifier.class);
  private static final Object APPEND_LOCK = new Object();
  private static final String CERT_SUFFIX = "-cert-v01@openssh.com";
  private static final String REVOKED = "@revoked";
  private static final String CA_CERT = "@cert-authority";

  private final Path file;
  private final KnownHostsFile known;
  private final HostKeyPolicy policy;
  private volatile HostKeyRejection rejection;

  /**
   * @param known {@code file} as read once for the run ({@link KnownHostsFiles}), shared with
   *     every other connection that names it
   */
  KnownHostsVerifier(Path file, KnownHostsFile known, HostKeyPolicy policy) {
    this.file = file;
    this.known = known;
    this.policy = policy;
  }

  /** The file's entries, read and indexed; empty when it does not exist yet. */
  static KnownHostsFile read(Path file) throws IOException {
    return new KnownHostsFile(contents(file));
  }

  /** The last refusal, if the server's key was refused. */
  Optional<HostKeyRejection> rejection() {
    return Optional.ofNullable(rejection);
  }

  @Override
  public boolean verify(String hostname, int port, PublicKey key) {
    String name = port != 22 ? "[" + hostname.toLowerCase() + "]:" + port : hostname.toLowerCase();
    List<KnownHostsFile.Line> lines = known.applicable(name);
    if (lines.stream().anyMatch(l -> l.isMarked(REVOKED) && sameKey(l.key(), key))) {
      return refuse(Kind.REVOKED, name, key);
    }
    KeyType type = KeyType.fromKey(key);
    if (type.toString().endsWith(CERT_SUFFIX)) {
      return refuse(Kind.CERTIFICATE, name, key);
    }
    if (lines.stream().anyMatch(l -> l.isMarked(CA_CERT))) {
      // Only the host's own recorded key is accepted; neither accept-new nor a CA may vouch.
      return recorded(lines, type, key) || refuse(Kind.CERTIFICATE, name, key);
    }
    if (type == KeyType.UNKNOWN) {
      return false;
    }
    if (recorded(lines, type, key)) {
      return true;
    }
    if (lines.stream().anyMatch(l -> l.type() == type)) {
      return refuse(Kind.CHANGED, name, key);
    }
    return unknown(name, key, !lines.isEmpty());
  }

  /** Whether a plain line of the host records this very key. */
  private static boolean recorded(List<KnownHostsFile.Line> lines, KeyType type, PublicKey key) {
    for (KnownHostsFile.Line l : lines) {
      if (l.marker() == null && l.type() == type && sameKey(l.key(), key)) {
        return true;
      }
    }
    return false;
  }

  /** The key types recorded for the host, so the server is asked for one of those first. */
  @Override
  public List<String> findExistingAlgorithms(String hostname, int port) {
    String name = port != 22 ? "[" + hostname.toLowerCase() + "]:" + port : hostname.toLowerCase();
    return known.applicable(name).stream().filter(l -> !l.isMarked(CA_CERT))
        .map(l -> l.type().toString())
        // never asks the server for a certificate: they are not supported (see the class comment)
        .filter(a -> !a.endsWith(CERT_SUFFIX)).distinct().toList();
  }

  /**
   * A host with no line for this key type. A host known under another key type presenting a new
   * type is treated as a changed key, as accept-new must never let a server swap its identity by
   * offering a different algorithm.
   */
  private boolean unknown(String hostname, PublicKey key, boolean otherTypeKnown) {
    if (policy == HostKeyPolicy.ACCEPT_NEW && !otherTypeKnown) {
      synchronized (APPEND_LOCK) {
        // another connection of this run may have learned the host meanwhile
        List<KnownHostsFile.Line> now = known.applicable(hostname);
        if (now.isEmpty() ? append(hostname, key) : recorded(now, KeyType.fromKey(key), key)) {
          return true;
        }
        otherTypeKnown = !now.isEmpty();
      }
    }
    return refuse(otherTypeKnown ? Kind.CHANGED : Kind.UNKNOWN, hostname, key);
  }

  private boolean refuse(Kind kind, String hostname, PublicKey key) {
    rejection = new HostKeyRejection(kind, hostname, key, file);
    return false;
  }

  private static boolean sameKey(String base64, PublicKey key) {
    byte[] blob = new Buffer.PlainBuffer().putPublicKey(key).getCompactData();
    try {
      return Arrays.equals(Base64.getDecoder().decode(base64), blob);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** The file's text; empty when it does not exist yet. */
  private static String contents(Path file) throws IOException {
    if (!usable(file)) {
      return "";
    }
    try (InputStream in = Files.newInputStream(file)) {
      byte[] bytes = in.readNBytes((int) MAX_BYTES + 1);
      if (bytes.length > MAX_BYTES) {
        throw new IOException("it is larger than 16 MiB; is it the right file?");
      }
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }

  /**
   * False when the file does not exist; true when it is a regular file (after links) of at most
   * {@link #MAX_BYTES}. Anything else is refused without opening it.
   */
  private static boolean usable(Path file) throws IOException {
    BasicFileAttributes a;
    try {
      a = Files.readAttributes(file, BasicFileAttributes.class);
    } catch (NoSuchFileException e) {
      return false;
    }
    if (!a.isRegularFile()) {
      throw new IOException("it is " + kind(file, a) + ", not a regular file (knownHosts must "
          + "name a known_hosts file, or one to create with hostKeys: accept-new)");
    }
    if (a.size() > MAX_BYTES) {
      throw new IOException("it is larger than 16 MiB; is it the right file?");
    }
    return true;
  }

  private static String kind(Path file, BasicFileAttributes a) {
    if (a.isDirectory()) {
      return "a directory";
    }
    try {
      int type = (Integer) Files.getAttribute(file, "unix:mode") & 0170000;
      return type == 0010000 ? "a FIFO" : type == 0020000 ? "a character device"
          : type == 0060000 ? "a block device" : type == 0140000 ? "a socket" : "a special file";
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return "a special file";
    }
  }

  /**
   * Records the key in the file and in the run's copy of it; false (the key is then refused) when
   * known_hosts cannot be written. Called holding {@code APPEND_LOCK}.
   */
  private boolean append(String hostname, PublicKey key) {
    byte[] blob = new Buffer.PlainBuffer().putPublicKey(key).getCompactData();
    String line = hostname + " " + KeyType.fromKey(key) + " "
        + Base64.getEncoder().encodeToString(blob);
    try {
      if (!usable(file)) {
        create();
      }
      String text = (endsWithNewline() ? "" : "\n") + line + "\n";
      Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
      known.add(line);
      return true;
    } catch (IOException e) {
      LOG.warn("Cannot record the host key of {} in {}: {}", hostname, file, e.toString());
      return false;
    }
  }

  /** Creates the file; fails (never follows) when a link or anything else stands there. */
  private void create() throws IOException {
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
