package dev.rollout.inventory.ansible;

import dev.rollout.source.InputFile;
import java.io.IOException;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The {@code group_vars/} and {@code host_vars/} directories beside an inventory file, read once
 * into memory so that loading, hashing and a resumed run all see the same files.
 *
 * @param files each file's bytes by its path relative to the inventory's directory, with {@code
 *     /} between names ({@code group_vars/web/ports.yml})
 * @param dirs every directory in the tree, the same way ({@code group_vars}, {@code
 *     group_vars/web})
 */
public record VarsTree(Map<String, byte[]> files, Set<String> dirs) {

  public static final VarsTree EMPTY = new VarsTree(Map.of(), Set.of());
  static final List<String> EXTENSIONS = List.of("", ".yml", ".yaml", ".json");

  /** More files than an inventory's vars directories hold; a sign of pointing at the wrong place. */
  private static final int MAX_FILES = 10_000;

  /** More bytes than vars files of people's writing hold, all files together. */
  private static final long MAX_BYTES = 64L * 1024 * 1024;

  public VarsTree {
    files = Collections.unmodifiableMap(new TreeMap<>(files));
    dirs = Collections.unmodifiableSet(new TreeSet<>(dirs));
  }

  /** Reads {@code group_vars/} and {@code host_vars/} under {@code base}, following links. */
  public static VarsTree scan(Path base) throws IOException {
    Map<String, byte[]> files = new TreeMap<>();
    Set<String> dirs = new TreeSet<>();
    long total = 0;
    for (String top : List.of("group_vars", "host_vars")) {
      Path root = base.resolve(top);
      if (!Files.isDirectory(root)) {
        continue;
      }
      List<Path> paths;
      try (Stream<Path> s = Files.walk(root, 16, FileVisitOption.FOLLOW_LINKS)) {
        paths = s.limit(MAX_FILES + 1L).toList();
      }
      if (paths.size() > MAX_FILES) {
        throw new IOException(root + " holds more than " + MAX_FILES + " files");
      }
      for (Path p : paths) {
        String rel = base.relativize(p).toString().replace('\\', '/');
        if (Files.isDirectory(p)) {
          dirs.add(rel);
        } else if (Files.isRegularFile(p) && wanted(p.getFileName().toString())) {
          byte[] b = InputFile.read(p);
          total += b.length;
          if (total > MAX_BYTES) {
            throw new IOException(base + "/group_vars and host_vars hold more than 64 MiB");
          }
          files.put(rel, b);
        }
      }
    }
    return new VarsTree(files, dirs);
  }

  private static boolean wanted(String name) {
    int dot = name.lastIndexOf('.');
    return dot <= 0 || EXTENSIONS.contains(name.substring(dot));
  }

  /**
   * Ansible's {@code find_vars_files}: {@code DIR/NAME}, {@code NAME.yml}, {@code NAME.yaml} or
   * {@code NAME.json}, the first that exists; when it is a directory, its files in name order,
   * recursively, skipping hidden files and backups ending in {@code ~}.
   */
  List<String> find(String dir, String name) {
    for (String ext : EXTENSIONS) {
      String full = dir + "/" + name + ext;
      if (dirs.contains(full)) {
        List<String> out = new ArrayList<>();
        inDir(full, out);
        return out;
      }
      if (files.containsKey(full)) {
        return List.of(full);
      }
    }
    return List.of();
  }

  private void inDir(String dir, List<String> out) {
    TreeSet<String> names = new TreeSet<>();
    String prefix = dir + "/";
    for (String p : files.keySet()) {
      if (p.startsWith(prefix) && p.indexOf('/', prefix.length()) < 0) {
        names.add(p.substring(prefix.length()));
      }
    }
    for (String d : dirs) {
      if (d.startsWith(prefix) && d.indexOf('/', prefix.length()) < 0) {
        names.add(d.substring(prefix.length()));
      }
    }
    for (String n : names) {
      if (n.startsWith(".") || n.endsWith("~")) {
        continue;
      }
      String full = prefix + n;
      int dot = n.lastIndexOf('.');
      String ext = dot < 0 ? "" : n.substring(dot);
      if (dirs.contains(full) && ext.isEmpty()) {
        inDir(full, out);
      } else if (files.containsKey(full) && (ext.isEmpty() || EXTENSIONS.contains(ext))) {
        out.add(full);
      }
    }
  }
}
