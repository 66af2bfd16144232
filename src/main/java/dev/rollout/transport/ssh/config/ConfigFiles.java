package dev.rollout.transport.ssh.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Where an {@link SshConfig} reads its files from: the disk, noting every file it looked at and
 * every Include pattern it expanded; or a {@link Kept} copy of such a reading, so a run resumed
 * later resolves its hosts exactly as it did when it started, whatever the disk says now.
 */
public final class ConfigFiles {

  /**
   * The ssh_config files a reading looked at: the text of each one read, the paths looked up that
   * did not exist, and what each Include pattern matched. Paths are absolute, as SshConfig uses
   * them. {@code home} and {@code localUser} are what {@code ~} and {@code %u} stood for.
   */
  public record Kept(String home, String localUser, Map<String, String> texts,
      java.util.Set<String> absent, Map<String, List<String>> globs) {

    public Kept {
      texts = Map.copyOf(texts);
      absent = java.util.Set.copyOf(absent);
      globs = Map.copyOf(globs);
    }

    /**
     * The files that are not now as this copy has them, sorted: changed, removed, appeared where
     * the copy found none, or newly matched by an Include pattern. Empty when the disk agrees.
     */
    public List<String> changedOnDisk() {
      TreeSet<String> out = new TreeSet<>();
      texts.forEach((path, text) -> {
        if (!text.equals(readNow(Path.of(path)).orElse(null))) {
          out.add(path);
        }
      });
      absent.stream().filter(p -> Files.exists(Path.of(p))).forEach(out::add);
      globs.forEach((pattern, matched) -> {
        List<String> now = Globs.expand(pattern, home).stream().map(Path::toString).toList();
        now.stream().filter(p -> !matched.contains(p)).forEach(out::add);
        matched.stream().filter(p -> !now.contains(p)).forEach(out::add);
      });
      return List.copyOf(out);
    }

    private static Optional<String> readNow(Path p) {
      try {
        return Optional.of(Files.readString(p, StandardCharsets.UTF_8));
      } catch (IOException | RuntimeException e) {
        return Optional.empty();
      }
    }
  }

  private final Kept kept;
  private final Map<String, String> texts = new TreeMap<>();
  private final java.util.Set<String> absent = new TreeSet<>();
  private final Map<String, List<String>> globs = new TreeMap<>();

  private ConfigFiles(Kept kept) {
    this.kept = kept;
  }

  /** Reads the disk, noting what it read. */
  public static ConfigFiles disk() {
    return new ConfigFiles(null);
  }

  /** Reads only from {@code kept}: a file it does not hold does not exist. */
  public static ConfigFiles kept(Kept kept) {
    return new ConfigFiles(kept);
  }

  /** Whether this reads a kept copy rather than the disk. */
  public boolean isKept() {
    return kept != null;
  }

  /** What was read so far, to keep with a run. */
  public synchronized Kept snapshot(String home, String localUser) {
    return new Kept(home, localUser, texts, absent, globs);
  }

  /** The file's text; {@code checkPermissions} as OpenSSH checks a user's file. */
  String read(Path path, boolean checkPermissions) throws IOException {
    String key = path.toString();
    if (kept != null) {
      String text = kept.texts().get(key);
      if (text == null) {
        throw new NoSuchFileException(key);
      }
      return text;
    }
    try {
      if (checkPermissions && Files.exists(path)) {
        Globs.checkPermissions(path);
      }
      String text = Files.readString(path, StandardCharsets.UTF_8);
      synchronized (this) {
        texts.put(key, text);
      }
      return text;
    } catch (NoSuchFileException e) {
      synchronized (this) {
        absent.add(key);
      }
      throw e;
    }
  }

  /** What an Include pattern matches, sorted as glob(3) sorts. */
  List<Path> expand(String pattern, String home) {
    if (kept != null) {
      return kept.globs().getOrDefault(pattern, List.of()).stream().map(Path::of).toList();
    }
    List<Path> found = Globs.expand(pattern, home);
    synchronized (this) {
      globs.put(pattern, found.stream().map(Path::toString).toList());
    }
    return found;
  }
}
