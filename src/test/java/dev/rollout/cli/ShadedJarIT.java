package dev.rollout.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * The jar users run carries Rollout's copy of sshj's {@code Reader} (an 8 KiB receive buffer per
 * connection), once, and not sshj's own: the shade plugin's filter leaves sshj's out.
 */
class ShadedJarIT {

  private static final Path JAR = Path.of("target/rollout.jar").toAbsolutePath();
  private static final String READER = "net/schmizz/sshj/transport/Reader.class";

  @Test
  void theJarHoldsOneReaderAndItIsRolloutsCopy() throws Exception {
    try (JarFile jar = new JarFile(JAR.toFile())) {
      assertThat(jar.stream().filter(e -> e.getName().equals(READER)).count()).isEqualTo(1);
    }
    try (URLClassLoader loader = new URLClassLoader(new URL[] {JAR.toUri().toURL()},
        ClassLoader.getPlatformClassLoader())) {
      Class<?> reader = loader.loadClass("net.schmizz.sshj.transport.Reader");
      var buffer = reader.getDeclaredField("BUFFER");
      buffer.setAccessible(true);

      assertThat(reader.getClassLoader()).isSameAs(loader);
      assertThat(buffer.getInt(null)).isEqualTo(8 * 1024);
    }
  }
}
