package dev.rollout.transport.ssh.agent;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The ssh-agent at {@code SSH_AUTH_SOCK} (draft-miller-ssh-agent). One socket connection per
 * request, so one agent serves every thread. Private keys never leave the agent: it is asked for
 * its public keys and for signatures.
 */
public final class SshAgent {

  static final int FAILURE = 5;
  static final int REQUEST_IDENTITIES = 11;
  static final int IDENTITIES_ANSWER = 12;
  static final int SIGN_REQUEST = 13;
  static final int SIGN_RESPONSE = 14;
  /** SIGN_REQUEST flags for an RSA key: sign with SHA-256 or SHA-512, never SHA-1. */
  public static final int RSA_SHA2_256 = 2;
  public static final int RSA_SHA2_512 = 4;
  private static final int MAX_MESSAGE = 256 * 1024;

  private final Path socket;

  public SshAgent(Path socket) {
    this.socket = socket;
  }

  /** The agent named by {@code SSH_AUTH_SOCK}, when it is set and not empty. */
  public static Optional<SshAgent> fromEnvironment(Function<String, String> env) {
    String sock = env.apply("SSH_AUTH_SOCK");
    return sock == null || sock.isBlank() ? Optional.empty()
        : Optional.of(new SshAgent(Path.of(sock)));
  }

  public Path socket() {
    return socket;
  }

  /** The agent's keys, in the agent's order. */
  public List<AgentKey> keys() throws IOException {
    Reader r = call(new byte[] {REQUEST_IDENTITIES}, IDENTITIES_ANSWER);
    int n = r.uint32();
    List<AgentKey> keys = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      byte[] blob = r.string();
      String comment = new String(r.string(), StandardCharsets.UTF_8);
      keys.add(new AgentKey(blob, comment));
    }
    return List.copyOf(keys);
  }

  /**
   * The agent's signature of {@code data} with {@code key}: the SSH signature encoding (string
   * algorithm, string blob), as a userauth request carries it.
   *
   * @param flags 0, or {@link #RSA_SHA2_256} / {@link #RSA_SHA2_512} for an RSA key
   */
  public byte[] sign(AgentKey key, byte[] data, int flags) throws IOException {
    ByteArrayOutputStream m = new ByteArrayOutputStream();
    m.write(SIGN_REQUEST);
    putString(m, key.blob());
    putString(m, data);
    putInt(m, flags);
    return call(m.toByteArray(), SIGN_RESPONSE).string();
  }

  private Reader call(byte[] message, int expected) throws IOException {
    try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      ch.connect(UnixDomainSocketAddress.of(socket));
      ByteBuffer out = ByteBuffer.allocate(4 + message.length);
      out.putInt(message.length).put(message).flip();
      while (out.hasRemaining()) {
        ch.write(out);
      }
      ByteBuffer len = readFully(ch, 4);
      int n = len.getInt();
      if (n < 1 || n > MAX_MESSAGE) {
        throw new IOException("ssh-agent at " + socket + " sent a message of " + n + " bytes");
      }
      Reader r = new Reader(readFully(ch, n));
      int type = r.b.get() & 0xff;
      if (type != expected) {
        throw new IOException("ssh-agent at " + socket + " refused the request (answer "
            + type + (type == FAILURE ? ", SSH_AGENT_FAILURE" : "") + ")");
      }
      return r;
    }
  }

  private static ByteBuffer readFully(SocketChannel ch, int n) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(n);
    while (b.hasRemaining()) {
      if (ch.read(b) < 0) {
        throw new IOException("ssh-agent closed the connection mid-answer");
      }
    }
    return b.flip();
  }

  static void putInt(ByteArrayOutputStream m, int v) {
    m.write(v >>> 24);
    m.write(v >>> 16);
    m.write(v >>> 8);
    m.write(v);
  }

  static void putString(ByteArrayOutputStream m, byte[] s) {
    putInt(m, s.length);
    m.writeBytes(s);
  }

  /** Reads SSH wire types from a message. */
  static final class Reader {
    final ByteBuffer b;

    Reader(ByteBuffer b) {
      this.b = b;
    }

    int uint32() throws IOException {
      if (b.remaining() < 4) {
        throw new IOException("ssh-agent answer is truncated");
      }
      return b.getInt();
    }

    byte[] string() throws IOException {
      int n = uint32();
      if (n < 0 || n > b.remaining()) {
        throw new IOException("ssh-agent answer is truncated");
      }
      byte[] s = new byte[n];
      b.get(s);
      return s;
    }
  }
}
