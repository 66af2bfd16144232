package dev.rollout.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A class-data-sharing archive for the child controllers, so that each of the hundreds of child
 * JVMs the crash tests start maps Rollout's classes instead of loading and verifying them again
 * (JDK 13+ dynamic archives). The first child that is expected to exit on its own writes the
 * archive when it exits; it is moved into place only then, so no child maps a half-written file.
 * A JVM that cannot use the archive (another JDK, a rebuilt jar) silently loads classes as usual.
 */
final class ClassArchive {

  private static final Path ARCHIVE = ChildController.JAR.resolveSibling("child-classes.jsa");
  /** Each test JVM writes its own, since test classes may run in two JVMs at once. */
  private static final Path DUMPING = ChildController.JAR.resolveSibling("child-classes.jsa."
      + ProcessHandle.current().pid() + ".tmp");
  private static Process dumper;
  private static boolean dumperPending;

  private ClassArchive() {}

  /** The JVM option for the next child: use the archive, write it, or neither. */
  static synchronized String option(boolean exitsOnItsOwn) {
    settle();
    if (Files.isRegularFile(ARCHIVE) && newerThanJar(ARCHIVE)) {
      return "-XX:SharedArchiveFile=" + ARCHIVE;
    }
    if (exitsOnItsOwn && dumper == null && !dumperPending) {
      dumperPending = true;
      return "-XX:ArchiveClassesAtExit=" + DUMPING;
    }
    return "-Xshare:auto";
  }

  /** Records the process that was given the option {@link #option} returned last. */
  static synchronized void started(Process p) {
    if (dumperPending) {
      dumperPending = false;
      dumper = p;
    }
  }

  /** Moves a finished archive into place, or lets another child try if the writer died. */
  private static void settle() {
    if (dumper == null || dumper.isAlive()) {
      return;
    }
    dumper = null;
    try {
      if (Files.isRegularFile(DUMPING) && Files.size(DUMPING) > 0) {
        Files.move(DUMPING, ARCHIVE, StandardCopyOption.REPLACE_EXISTING,
            StandardCopyOption.ATOMIC_MOVE);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean newerThanJar(Path p) {
    try {
      return Files.getLastModifiedTime(p).compareTo(
          Files.getLastModifiedTime(ChildController.JAR)) >= 0;
    } catch (IOException e) {
      return false;
    }
  }
}
