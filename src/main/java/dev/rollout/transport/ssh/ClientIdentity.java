package dev.rollout.transport.ssh;

import dev.rollout.transport.Endpoint;
import dev.rollout.transport.TransportException;
import dev.rollout.transport.TransportException.Reason;
import java.io.Console;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.userauth.keyprovider.KeyProvider;
import net.schmizz.sshj.userauth.password.PasswordFinder;
import net.schmizz.sshj.userauth.password.Resource;

/**
 * Loads private keys once per file for the whole run. The passphrase of an encrypted key comes from
 * the environment variable the endpoint names, else from the terminal, never from the command line.
 */
final class ClientIdentity {

  private final Function<String, String> env;
  private final Map<Path, KeyProvider> loaded = new ConcurrentHashMap<>();

  ClientIdentity(Function<String, String> env) {
    this.env = env;
  }

  /** OpenSSH's default identity files, in its order, for a host that names none. */
  static final List<String> DEFAULT_FILES = List.of("id_rsa", "id_ecdsa", "id_ed25519");

  /**
   * The files to try for {@code endpoint}, in order: the ones it names, or OpenSSH's defaults
   * that exist (a missing default is skipped silently, as OpenSSH does).
   */
  static List<Path> files(Endpoint endpoint) {
    if (!endpoint.identities().isEmpty()) {
      return endpoint.identities().stream().map(ClientIdentity::expandHome).toList();
    }
    Path dir = Path.of(System.getProperty("user.home"), ".ssh");
    return DEFAULT_FILES.stream().map(dir::resolve).filter(Files::isRegularFile).toList();
  }

  /** The key in {@code file}, decrypted and ready for authentication. */
  KeyProvider key(Endpoint endpoint, Path file, SSHClient client) throws TransportException {
    KeyProvider known = loaded.get(file);
    if (known != null) {
      return known;
    }
    synchronized (this) {
      KeyProvider key = loaded.containsKey(file) ? loaded.get(file) : load(endpoint, file, client);
      loaded.put(file, key);
      return key;
    }
  }

  /**
   * The public key of an identity file, without its passphrase: from {@code FILE.pub}, else from
   * the unencrypted header of an OpenSSH-format private key; empty when neither gives it.
   */
  static Optional<byte[]> publicBlob(Path file) {
    try {
      Path pub = Path.of(file + ".pub");
      if (Files.isReadable(pub)) {
        String[] words = Files.readString(pub).trim().split("\\s+");
        if (words.length >= 2) {
          return Optional.of(Base64.getDecoder().decode(words[1]));
        }
      }
      if (!Files.isReadable(file)) {
        return Optional.empty();
      }
      String text = Files.readString(file);
      String begin = "-----BEGIN OPENSSH PRIVATE KEY-----";
      int a = text.indexOf(begin);
      int b = text.indexOf("-----END OPENSSH PRIVATE KEY-----");
      if (a < 0 || b < a) {
        return Optional.empty();
      }
      ByteBuffer buf = ByteBuffer.wrap(Base64.getMimeDecoder().decode(
          text.substring(a + begin.length(), b)));
      buf.position("openssh-key-v1".length() + 1);
      for (int i = 0; i < 3; i++) {
        buf.position(buf.position() + 4 + buf.getInt(buf.position()));
      }
      buf.getInt();
      byte[] blob = new byte[buf.getInt()];
      buf.get(blob);
      return Optional.of(blob);
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private KeyProvider load(Endpoint endpoint, Path file, SSHClient client)
      throws TransportException {
    if (!Files.isReadable(file)) {
      throw failure(endpoint, "private key " + file + " does not exist or is not readable", null);
    }
    Passphrase passphrase = new Passphrase(endpoint.passphraseEnv());
    try {
      KeyProvider key = client.loadKeys(file.toString(), passphrase);
      key.getPrivate();
      return key;
    } catch (IOException | RuntimeException e) {
      throw failure(endpoint, passphrase.explain(file, e), e);
    }
  }

  private static TransportException failure(Endpoint endpoint, String what, Throwable cause) {
    return new TransportException(
        Reason.AUTH_FAILED, endpoint.name(), what + " (" + endpoint.describe() + ")", cause);
  }

  /** Expands a leading {@code ~} to the user's home directory, as OpenSSH does. */
  static Path expandHome(Path path) {
    String text = path.toString();
    if (text.equals("~") || text.startsWith("~/")) {
      return Path.of(System.getProperty("user.home") + text.substring(1));
    }
    return path;
  }

  /** Answers sshj's request for a passphrase and remembers where it came from. */
  private final class Passphrase implements PasswordFinder {
    private final String envName;
    private volatile String source;

    Passphrase(String envName) {
      this.envName = envName;
    }

    @Override
    public char[] reqPassword(Resource<?> resource) {
      String value = envName == null ? null : env.apply(envName);
      if (value != null) {
        source = "environment variable " + envName;
        return value.toCharArray();
      }
      Console console = System.console();
      if (console != null) {
        source = "terminal";
        return console.readPassword("Passphrase for %s: ", resource);
      }
      source = "none";
      return null;
    }

    @Override
    public boolean shouldRetry(Resource<?> resource) {
      return false;
    }

    String explain(Path file, Exception e) {
      if ("none".equals(source)) {
        String hint = envName == null
            ? "set passphraseEnv to the name of an environment variable holding the passphrase"
            : "set the environment variable " + envName + " to the passphrase";
        return "private key " + file + " is encrypted and no passphrase is available: " + hint;
      }
      if (source != null) {
        return "cannot decrypt private key " + file + " with the passphrase from the " + source
            + ": " + e.getMessage();
      }
      return "cannot read private key " + file + ": " + e.getMessage();
    }
  }
}
