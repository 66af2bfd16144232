package dev.rollout.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./rollout} called through symlinks on the PATH, from another directory, runs this
 * project's jar: it follows the links (a relative one, then an absolute one) to its real file.
 * Before, it took its directory from the link and ran Maven in the wrong place. After a build it
 * writes its class-data archive once, and the JVM then maps the project's classes from it.
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

  @Test
  void writesTheClassDataArchiveOnceAfterABuildAndRunsWithIt() throws Exception {
    Path project = Files.createDirectories(temp.resolve("project"));
    Files.createDirectories(project.resolve("src/main"));
    Files.writeString(project.resolve("pom.xml"), "<project/>");
    for (Path p : new Path[] {project.resolve("src/main"), project.resolve("pom.xml")}) {
      Files.setLastModifiedTime(p, FileTime.from(Instant.now().minusSeconds(3600)));
    }
    Files.copy(ROOT.resolve("rollout"), project.resolve("rollout"));
    Path jar = Files.createDirectories(project.resolve("target")).resolve("rollout.jar");
    Files.copy(ROOT.resolve("target/rollout.jar"), jar);
    Path jsa = project.resolve("target/rollout.jsa");
    String version = run(ROOT, "java", "-jar", jar.toString(), "--version");

    assertThat(run(project, "./rollout", "--version")).isEqualTo(version);
    assertThat(jsa).isNotEmptyFile();
    FileTime made = Files.getLastModifiedTime(jsa);
    Path log = temp.resolve("classes.log");
    assertThat(run(project, Map.of("JAVA_TOOL_OPTIONS", "-Xlog:class+load=info:file=" + log),
        "./rollout", "--version")).isEqualTo(version);

    assertThat(Files.getLastModifiedTime(jsa)).as("not made again").isEqualTo(made);
    assertThat(Files.readAllLines(log)).filteredOn(l -> l.contains(" dev.rollout.cli.Main "))
        .singleElement().asString().contains("shared objects file (top)");
    assertThat(project.resolve("target/rollout.jsa.failed")).doesNotExist();
    try (var left = Files.list(project.resolve("target"))) {
      assertThat(left.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("rollout.jar", "rollout.jsa");
    }
  }

  private static String run(Path dir, String... command) throws Exception {
    return run(dir, Map.of(), command);
  }

  private static String run(Path dir, Map<String, String> env, String... command)
      throws Exception {
    ProcessBuilder b = new ProcessBuilder(command).directory(dir.toFile());
    b.environment().putAll(env);
    Process p = b
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("%s ended", String.join(" ", command))
        .isTrue();
    assertThat(p.exitValue()).as("%s: %s", String.join(" ", command), out).isZero();
    return out;
  }
}
