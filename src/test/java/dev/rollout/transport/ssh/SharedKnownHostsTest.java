package dev.rollout.transport.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollout.demo.SshKeys;
import dev.rollout.transport.HostKeyPolicy;
import dev.rollout.transport.ssh.HostKeyRejection.Kind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * known_hosts is read once per run and shared by every connection (issue 20): verifying a fleet
 * costs hosts, not hosts times lines. Counted, not timed.
 */
class SharedKnownHostsTest {

  private static final PublicKey KEY = SshKeys.ed25519().getPublic();
  private static final PublicKey OTHER = SshKeys.ed25519().getPublic();

  @TempDir Path temp;

  @Test
  void aThousandVerificationsReadTheFileOnceAndLookAtEachLineOnce() throws Exception {
    Path file = plainFile(1000);
    KnownHostsFiles files = new KnownHostsFiles();

    for (int i = 1; i <= 1000; i++) {
      KnownHostsVerifier v = verifier(files, file, HostKeyPolicy.STRICT);
      assertThat(v.findExistingAlgorithms(host(i), 2222)).containsExactly("ssh-ed25519");
      assertThat(v.verify(host(i), 2222, KEY)).as(host(i)).isTrue();
    }

    assertThat(files.reads()).isEqualTo(1);
    assertThat(files.of(file).examined()).isEqualTo(1000);
  }

  @Test
  void lookupsOfAHashedFileGrowWithHostsTimesHashedLinesOnlyOncePerHost() throws Exception {
    long small = hashedLookups(50);
    long large = hashedLookups(200);

    // each host is tried against each hashed line once, however often it connects
    assertThat(small).isEqualTo(50L * 50);
    assertThat(large).isEqualTo(200L * 200);
  }

  @Test
  void aKeyLearnedUnderAcceptNewIsSeenByTheNextConnectionAndWrittenOnce() throws Exception {
    Path file = temp.resolve("known_hosts");
    KnownHostsFiles files = new KnownHostsFiles();

    assertThat(verifier(files, file, HostKeyPolicy.ACCEPT_NEW).verify(host(1), 2222, KEY))
        .isTrue();
    KnownHostsVerifier strict = verifier(files, file, HostKeyPolicy.STRICT);
    assertThat(strict.verify(host(1), 2222, KEY)).isTrue();
    KnownHostsVerifier impostor = verifier(files, file, HostKeyPolicy.ACCEPT_NEW);
    assertThat(impostor.verify(host(1), 2222, OTHER)).isFalse();

    assertThat(impostor.rejection().orElseThrow().kind()).isEqualTo(Kind.CHANGED);
    assertThat(Files.readAllLines(file)).containsExactly("[" + host(1) + "]:2222 "
        + SshKeys.publicKeyLine(KEY));
    assertThat(files.reads()).isEqualTo(1);
  }

  @Test
  void manyThreadsLearningAndCheckingAtOnceAgreeAndRecordEachHostOnce() throws Exception {
    Path file = temp.resolve("known_hosts");
    Files.writeString(file, hashedLines(50));
    KnownHostsFiles files = new KnownHostsFiles();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Boolean>> all = new ArrayList<>();
      for (int round = 0; round < 4; round++) {
        for (int i = 1; i <= 100; i++) {
          int n = i;
          // hosts 1-50 are in the file (hashed), 51-100 are learned by whichever thread is first
          all.add(pool.submit(() -> verifier(files, file, HostKeyPolicy.ACCEPT_NEW)
              .verify(host(n), 2222, KEY)));
        }
      }
      for (Future<Boolean> f : all) {
        assertThat(f.get()).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(Files.readAllLines(file)).hasSize(100).doesNotHaveDuplicates();
    assertThat(files.reads()).isEqualTo(1);
  }

  private long hashedLookups(int hosts) throws Exception {
    Path file = temp.resolve("hashed-" + hosts);
    Files.writeString(file, hashedLines(hosts));
    KnownHostsFiles files = new KnownHostsFiles();
    for (int connection = 0; connection < 3; connection++) {
      for (int i = 1; i <= hosts; i++) {
        assertThat(verifier(files, file, HostKeyPolicy.STRICT).verify(host(i), 2222, KEY))
            .isTrue();
      }
    }
    assertThat(files.reads()).isEqualTo(1);
    return files.of(file).examined();
  }

  private static KnownHostsVerifier verifier(KnownHostsFiles files, Path file,
      HostKeyPolicy policy) throws Exception {
    return new KnownHostsVerifier(file, files.of(file), policy);
  }

  private Path plainFile(int hosts) throws Exception {
    StringBuilder b = new StringBuilder("# a fleet\n");
    for (int i = 1; i <= hosts; i++) {
      b.append('[').append(host(i)).append("]:2222 ").append(SshKeys.publicKeyLine(KEY))
          .append('\n');
    }
    return Files.writeString(temp.resolve("plain-" + hosts), b);
  }

  private static String hashedLines(int hosts) throws Exception {
    StringBuilder b = new StringBuilder();
    for (int i = 1; i <= hosts; i++) {
      b.append(hashed("[" + host(i) + "]:2222")).append(' ').append(SshKeys.publicKeyLine(KEY))
          .append('\n');
    }
    return b.toString();
  }

  private static String host(int i) {
    return "127.0." + (50 + i / 250) + "." + (i % 250 + 1);
  }

  private static String hashed(String hostPart) throws Exception {
    byte[] salt = new byte[20];
    new SecureRandom().nextBytes(salt);
    Mac mac = Mac.getInstance("HmacSHA1");
    mac.init(new SecretKeySpec(salt, "HmacSHA1"));
    byte[] hash = mac.doFinal(hostPart.getBytes(StandardCharsets.UTF_8));
    Base64.Encoder b64 = Base64.getEncoder();
    return "|1|" + b64.encodeToString(salt) + "|" + b64.encodeToString(hash);
  }
}
