package dev.rollout.transport.ssh;

import dev.rollout.transport.HostKeyPolicy;
import dev.rollout.transport.ssh.HostKeyRejection.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.io.StringReader;
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
import net.schmizz.sshj.transport.verification.OpenSSHKnownHosts;

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
final class KnownHostsVerifier extends OpenSSHKnownHosts {

  static final long MAX_BYTES = 16L * 1024 * 1024;

  private static final Object APPEND_LOCK = new Object();
  private static final String CERT_SUFFIX = "-cert-v01@openssh.com";

  private final Path file;
  private final HostKeyPolicy policy;
  private volatile HostKeyRejection rejection;

  KnownHostsVerifier(Path file, HostKeyPolicy policy) throws IOException {
    super(new StringReader(contents(file)));
    this.file = file;
    this.policy = policy;
  }

  /** The last refusal, if the server's key was refused. */
  Optional<HostKeyRejection> rejection() {
    return Optional.ofNullable(rejection);
  }

  @Override
  public boolean verify(String hostname, int port, PublicKey key) {
    String name = port != 22 ? "[" + hostname.toLowerCase() + "]:" + port : hostname.toLowerCase();
    if (marked(Marker.REVOKED, name, key)) {
      return refuse(Kind.REVOKED, name, key);
    }
    if (KeyType.fromKey(key).toString().endsWith(CERT_SUFFIX)) {
      return refuse(Kind.CERTIFICATE, name, key);
    }
    if (marked(Marker.CA_CERT, name, null)) {
      // Only the host's own recorded key is accepted; neither accept-new nor a CA may vouch.
      return recorded(name, key) || refuse(Kind.CERTIFICATE, name, key);
    }
    return super.verify(hostname, port, key);
  }

  private boolean recorded(String hostname, PublicKey key) {
    KeyType type = KeyType.fromKey(key);
    for (KnownHostEntry e : entries()) {
      try {
        if (e.getLine() != null && !e.getLine().startsWith("@") && e.appliesTo(type, hostname)
            && e.verify(key)) {
          return true;
        }
      } catch (IOException ex) {
        return false;
      }
    }
    return false;
  }

  /** Never asks the server for a certificate: they are not supported (see the class comment). */
  @Override
  public List<String> findExistingAlgorithms(String hostname, int port) {
    return super.findExistingAlgorithms(hostname, port).stream()
        .filter(a -> !a.endsWith(CERT_SUFFIX)).distinct().toList();
  }

  @Override
  protected boolean hostKeyUnverifiableAction(String hostname, PublicKey key) {
    boolean otherTypeKnown = knownWithAnyKey(hostname);
    if (policy == HostKeyPolicy.ACCEPT_NEW && !otherTypeKnown && append(hostname, key)) {
      return true;
    }
    // A host known under another key type presenting a new type is treated as a changed key, as
    // accept-new must never let a server swap its identity by offering a different algorithm.
    return refuse(otherTypeKnown ? Kind.CHANGED : Kind.UNKNOWN, hostname, key);
  }

  @Override
  protected boolean hostKeyChangedAction(String hostname, PublicKey key) {
    return refuse(Kind.CHANGED, hostname, key);
  }

  private boolean refuse(Kind kind, String hostname, PublicKey key) {
    rejection = new HostKeyRejection(kind, hostname, key, file);
    return false;
  }

  /**
   * Whether a line with {@code marker} applies to {@code hostname} (and, when {@code key} is not
   * null, names that key). sshj keeps the marker to itself; its line shows it.
   */
  private boolean marked(Marker marker, String hostname, PublicKey key) {
    for (KnownHostEntry e : entries()) {
      String[] fields = e.getLine() == null ? new String[0] : e.getLine().trim().split("\\s+");
      if (fields.length < 4 || !fields[0].equals(marker.getMarkerString())) {
        continue;
      }
      try {
        if (e.appliesTo(hostname) && (key == null || sameKey(fields[3], key))) {
          return true;
        }
      } catch (IOException ex) {
        return true;
      }
    }
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

  /** Records the key; false (the key is then refused) when known_hosts cannot be written. */
  private boolean append(String hostname, PublicKey key) {
    byte[] blob = new Buffer.PlainBuffer().putPublicKey(key).getCompactData();
    String line = hostname + " " + KeyType.fromKey(key) + " "
        + Base64.getEncoder().encodeToString(blob) + "\n";
    synchronized (APPEND_LOCK) {
      try {
        if (!usable(file)) {
          create();
        }
        String text = endsWithNewline() ? line : "\n" + line;
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        return true;
      } catch (IOException e) {
        log.warn("Cannot record the host key of {} in {}: {}", hostname, file, e.toString());
        return false;
      }
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
