package dev.rollout.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./rollout} called through symlinks on the PATH, from another directory, runs this
 * project's jar: it follows the links (a relative one, then an absolute one) to its real file.
 * Before, it took its directory from the link and ran Maven in the wrong place.
 */
class LauncherIT {

  private static final Path ROOT = Path.of("").toAbsolutePath();

  @TempDir Path temp;

  @Test
  void aSymlinkOnThePathRunsTheProjectsJarFromAnotherDirectory() throws Exception {
    Path links = Files.createDirectories(temp.resolve("links"));
    Path bin = Files.createDirectories(temp.resolve("bin"));
    Path elsewhere = Files.createDirectories(temp.resolve("elsewhere"));
    Files.createSymbolicLink(links.resolve("rollout"), links.relativize(ROOT.resolve("rollout")));
    Files.createSymbolicLink(bin.resolve("rollout"), links.resolve("rollout"));
    String expected = run(ROOT, "java", "-jar", ROOT.resolve("target/rollout.jar").toString(),
        "--version");

    String out = run(elsewhere, "sh", "-c", "PATH=\"$1:$PATH\" rollout --version", "sh",
        bin.toString());

    assertThat(out).isEqualTo(expected).startsWith("rollout ");
    assertThat(elsewhere.resolve("target")).doesNotExist();
  }

  private static String run(Path dir, String... command) throws Exception {
    Process p = new ProcessBuilder(command).directory(dir.toFile())
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("%s ended", String.join(" ", command))
        .isTrue();
    assertThat(p.exitValue()).as("%s: %s", String.join(" ", command), out).isZero();
    return out;
  }
}
