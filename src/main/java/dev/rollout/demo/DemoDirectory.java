package dev.rollout.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Where the demo keeps its files: a new temporary directory, or one the operator names. The
 * commands of the demo's hosts run as the operator, from scripts in this directory, so a directory
 * that someone else could have prepared or can still write to is refused.
 */
public final class DemoDirectory {

  private static final Set<PosixFilePermission> SHARED_WRITE = Set.of(
      PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE);

  private DemoDirectory() {}

  /** A new directory under the system's temporary directory, readable by its owner only. */
  public static Path temporary() throws IOException {
    return Files.createTempDirectory("rollout-demo-");
  }

  /**
   * {@code dir}, made if it does not exist (owner only); an existing one must be empty, a
   * directory, owned by this user, and writable by no one else.
   *
   * @throws IllegalArgumentException saying what is wrong with it
   */
  public static Path given(Path dir) throws IOException {
    Path d = dir.toAbsolutePath();
    if (!Files.exists(d, LinkOption.NOFOLLOW_LINKS)) {
      Files.createDirectories(d.getParent());
      return Files.createDirectory(d,
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }
    if (!Files.isDirectory(d, LinkOption.NOFOLLOW_LINKS)) {
      throw new IllegalArgumentException(dir + " is not a directory");
    }
    if (!Files.getOwner(d, LinkOption.NOFOLLOW_LINKS).getName()
        .equals(System.getProperty("user.name"))) {
      throw new IllegalArgumentException(dir + " belongs to someone else");
    }
    if (Files.getPosixFilePermissions(d, LinkOption.NOFOLLOW_LINKS).stream()
        .anyMatch(SHARED_WRITE::contains)) {
      throw new IllegalArgumentException(dir + " can be written by others");
    }
    try (Stream<Path> entries = Files.list(d)) {
      if (entries.findAny().isPresent()) {
        throw new IllegalArgumentException(dir + " is not empty");
      }
    }
    return d;
  }

  /** Removes {@code dir} and everything in it, without following links. */
  public static void delete(Path dir) {
    if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove " + dir, e);
    }
  }
}
