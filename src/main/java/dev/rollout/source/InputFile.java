package dev.rollout.source;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * A file the operator names (a plan, an inventory, a saved preview): read only when it is a
 * regular file of at most {@link #MAX_BYTES}. The type is checked before the file is opened, so a
 * FIFO never blocks the read and a device such as {@code /dev/zero} is never read at all; the read
 * itself stops one byte past the limit, so a file that grows meanwhile cannot exhaust memory.
 */
public final class InputFile {

  /** Files larger than this are refused: the files this tool reads are written by people. */
  public static final long MAX_BYTES = 16L * 1024 * 1024;

  /** The file is there but is not something to read: a directory, a device, a FIFO, too large. */
  public static final class Refused extends IOException {
    private final String hint;

    Refused(String message, String hint) {
      super(message);
      this.hint = hint;
    }

    /** How to fix it, in the operator's words. */
    public String hint() {
      return hint;
    }
  }

  private InputFile() {}

  /**
   * The file's bytes.
   *
   * @throws java.nio.file.NoSuchFileException when there is no such file (links are followed)
   * @throws Refused when it is not a regular file, or larger than {@link #MAX_BYTES}
   */
  public static byte[] read(Path file) throws IOException {
    BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
    if (!a.isRegularFile()) {
      throw new Refused("is " + kind(file, a) + ", not a regular file", "name the file itself");
    }
    if (a.size() > MAX_BYTES) {
      throw tooLarge();
    }
    try (InputStream in = Files.newInputStream(file)) {
      byte[] bytes = in.readNBytes((int) MAX_BYTES + 1);
      if (bytes.length > MAX_BYTES) {
        throw tooLarge();
      }
      return bytes;
    }
  }

  private static Refused tooLarge() {
    return new Refused("is larger than 16 MiB", "is it the right file?");
  }

  /** What a file is, in words, as {@code ls -l} would tell it. */
  public static String kind(Path file, BasicFileAttributes a) {
    if (a.isRegularFile()) {
      return "a regular file";
    }
    if (a.isDirectory()) {
      return "a directory";
    }
    if (a.isSymbolicLink()) {
      return "a symbolic link";
    }
    try {
      int type = (Integer) Files.getAttribute(file, "unix:mode") & 0170000;
      return switch (type) {
        case 0010000 -> "a FIFO (named pipe)";
        case 0020000 -> "a character device";
        case 0060000 -> "a block device";
        case 0140000 -> "a socket";
        default -> "a special file";
      };
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return "a special file";
    }
  }
}
