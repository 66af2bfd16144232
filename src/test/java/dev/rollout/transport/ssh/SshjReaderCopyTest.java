package dev.rollout.transport.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.jar.JarFile;
import net.schmizz.sshj.SSHClient;
import org.junit.jupiter.api.Test;

/**
 * Rollout builds its own copy of sshj's {@code net.schmizz.sshj.transport.Reader} (a receive
 * buffer of 8 KiB per connection instead of 256 KiB). These checks fail when the copy is not the
 * class that loads, or when sshj is upgraded: the copy must then be compared with the new
 * version's Reader and brought up to date before the version here is changed.
 */
class SshjReaderCopyTest {

  private static final String COPIED_FROM = "0.40.0";

  @Test
  void theReaderThatLoadsIsRolloutsCopyNotSshjs() throws Exception {
    Class<?> reader = Class.forName("net.schmizz.sshj.transport.Reader");
    Field buffer = reader.getDeclaredField("BUFFER");
    buffer.setAccessible(true);

    assertThat(Modifier.isStatic(buffer.getModifiers())).isTrue();
    assertThat(buffer.getInt(null)).isEqualTo(8 * 1024);
    assertThat(location(reader)).isNotEqualTo(location(SSHClient.class));
  }

  @Test
  void theSshjBesideItIsTheVersionItWasCopiedFrom() throws Exception {
    Path jar = Path.of(location(SSHClient.class).toURI());
    try (JarFile file = new JarFile(jar.toFile())) {
      assertThat(file.getManifest().getMainAttributes().getValue("Bundle-Version"))
          .as("sshj was upgraded: compare src/main/java/net/schmizz/sshj/transport/Reader.java"
              + " with the new version's Reader, bring it up to date, then change COPIED_FROM")
          .isEqualTo(COPIED_FROM);
    }
  }

  private static java.net.URL location(Class<?> type) {
    return type.getProtectionDomain().getCodeSource().getLocation();
  }
}
