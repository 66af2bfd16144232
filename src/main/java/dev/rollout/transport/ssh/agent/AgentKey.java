package dev.rollout.transport.ssh.agent;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;

/**
 * A public key held by an agent (or read from a key file, to compare with one).
 *
 * @param blob the SSH wire encoding of the public key
 * @param comment the agent's comment, usually the file it was added from
 */
public record AgentKey(byte[] blob, String comment) {

  /** The key type from the blob: ssh-ed25519, ecdsa-sha2-nistp256, ssh-rsa, ... */
  public String type() {
    try {
      return new String(new SshAgent.Reader(ByteBuffer.wrap(blob)).string(),
          StandardCharsets.US_ASCII);
    } catch (IOException e) {
      return "unknown";
    }
  }

  /** {@code SHA256:...}, as ssh-add -l and ssh-keygen -l show it. */
  public String fingerprint() {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(blob);
      return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(d);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** True when both are the same public key. */
  public boolean sameKey(byte[] otherBlob) {
    return Arrays.equals(blob, otherBlob);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AgentKey k && Arrays.equals(blob, k.blob);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(blob);
  }

  @Override
  public String toString() {
    return type() + " " + fingerprint() + (comment.isEmpty() ? "" : " (" + comment + ")");
  }
}
