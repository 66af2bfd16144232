package dev.rollout.demo;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyEncryptionContext;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.keyprovider.KeyPairProvider;

/** Generates key pairs and writes them the way OpenSSH does (the demo fleet and the tests). */
public final class SshKeys {

  private SshKeys() {}

  /** A new ed25519 key pair. */
  public static KeyPair ed25519() {
    return generate(KeyPairProvider.SSH_ED25519, 256);
  }

  /** A new 2048-bit RSA key pair. */
  public static KeyPair rsa() {
    return generate(KeyPairProvider.SSH_RSA, 2048);
  }

  /** A new key pair of an OpenSSH key type such as {@code ssh-ed25519} or {@code ssh-rsa}. */
  public static KeyPair generate(String keyType, int bits) {
    try {
      return KeyUtils.generateKeyPair(keyType, bits);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot generate a " + keyType + " key", e);
    }
  }

  /**
   * Writes {@code pair} as an OpenSSH private key file, mode 600 from its creation on, and {@code
   * file.pub} beside it.
   *
   * @param passphrase encrypts the key (aes256-ctr, bcrypt) when not null
   */
  public static Path writePrivateKey(KeyPair pair, Path file, String passphrase) {
    OpenSSHKeyEncryptionContext encryption = null;
    if (passphrase != null) {
      encryption = new OpenSSHKeyEncryptionContext();
      encryption.setPassword(passphrase);
      encryption.setCipherName("AES");
      encryption.setCipherMode("CTR");
      encryption.setCipherType("256");
    }
    try {
      Files.deleteIfExists(file);
      Files.createFile(file,
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try (OutputStream out = Files.newOutputStream(file)) {
      OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(pair, "rollout-demo", encryption, out);
      Files.writeString(file.resolveSibling(file.getFileName() + ".pub"),
          publicKeyLine(pair.getPublic()) + " rollout-demo\n");
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot write " + file, e);
    }
  }

  /** {@code type base64}, as in authorized_keys and known_hosts. */
  public static String publicKeyLine(PublicKey key) {
    return PublicKeyEntry.toString(key);
  }
}
