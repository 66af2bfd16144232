package dev.rollout.inventory;

import dev.rollout.inventory.ansible.VarsTree;
import dev.rollout.transport.ssh.config.ConfigFiles;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * An inventory file, the vars directories beside it and the ssh_config files it was resolved
 * with, as one byte string, as a run keeps its inventory: a resumed run reads the files it started
 * with, and a saved preview's hash covers {@code group_vars/} and {@code host_vars/} too. Without
 * vars directories or ssh_config the bytes are the file's own.
 */
public final class InventorySources {

  private static final String MAGIC = "#rollout-inventory-bundle 1\n";
  /** The same lines and ssh_config's: a release that knows only 1 never misreads them. */
  private static final String MAGIC_SSH = "#rollout-inventory-bundle 2\n";

  /**
   * The ssh_config a run was resolved with: {@code choice} as {@link InventoryLoader#sshConfigUsed}
   * says (null for OpenSSH's default files), and the files as they were read.
   */
  public record SshConfigCopy(String choice, ConfigFiles.Kept files) {

    /** How the choice reads in a message. */
    public String describe() {
      return choice == null ? "the default ssh_config (~/.ssh/config, /etc/ssh/ssh_config)"
          : choice.equals("none") ? "-F none" : "-F " + choice;
    }
  }

  /** The inventory file's bytes, the vars files, and the ssh_config copy (null when none). */
  public record Unpacked(byte[] file, VarsTree tree, SshConfigCopy ssh) {}

  private InventorySources() {}

  public static byte[] pack(byte[] file, VarsTree tree) {
    return pack(file, tree, null);
  }

  public static byte[] pack(byte[] file, VarsTree tree, SshConfigCopy ssh) {
    if (tree.files().isEmpty() && tree.dirs().isEmpty() && ssh == null) {
      return file;
    }
    StringBuilder b = new StringBuilder(ssh == null ? MAGIC : MAGIC_SSH);
    b.append("f\t\t").append(b64(file)).append('\n');
    tree.dirs().forEach(d -> b.append("d\t").append(b64(d)).append('\n'));
    tree.files().forEach((k, v) -> b.append("f\t").append(b64(k)).append('\t').append(b64(v))
        .append('\n'));
    if (ssh != null) {
      ConfigFiles.Kept k = ssh.files();
      b.append("s\t").append(b64(ssh.choice() == null ? "" : ssh.choice())).append('\t')
          .append(b64(k.home())).append('\t').append(b64(k.localUser())).append('\n');
      new TreeMap<>(k.texts()).forEach((p, t) -> b.append("c\t").append(b64(p)).append('\t')
          .append(b64(t)).append('\n'));
      new TreeSet<>(k.absent()).forEach(p -> b.append("a\t").append(b64(p)).append('\n'));
      new TreeMap<>(k.globs()).forEach((g, m) -> b.append("g\t").append(b64(g)).append('\t')
          .append(b64(String.join("\n", m))).append('\n'));
    }
    return bytes(b.toString());
  }

  public static Unpacked unpack(byte[] bytes) {
    String magic = startsWith(bytes, MAGIC) ? MAGIC : startsWith(bytes, MAGIC_SSH) ? MAGIC_SSH
        : null;
    if (magic == null) {
      return new Unpacked(bytes, VarsTree.EMPTY, null);
    }
    byte[] file = new byte[0];
    Map<String, byte[]> files = new LinkedHashMap<>();
    TreeSet<String> dirs = new TreeSet<>();
    String[] ssh = null;
    Map<String, String> texts = new TreeMap<>();
    TreeSet<String> absent = new TreeSet<>();
    Map<String, List<String>> globs = new TreeMap<>();
    String text = new String(bytes, StandardCharsets.UTF_8).substring(magic.length());
    for (String line : text.split("\n")) {
      String[] f = line.split("\t", -1);
      switch (f[0]) {
        case "d" -> dirs.add(str(f[1]));
        case "f" -> {
          if (f[1].isEmpty()) {
            file = dec(f[2]);
          } else {
            files.put(str(f[1]), dec(f[2]));
          }
        }
        case "s" -> ssh = new String[] {str(f[1]), str(f[2]), str(f[3])};
        case "c" -> texts.put(str(f[1]), str(f[2]));
        case "a" -> absent.add(str(f[1]));
        case "g" -> globs.put(str(f[1]), str(f[2]).isEmpty() ? List.of()
            : List.of(str(f[2]).split("\n")));
        default -> { } // a line of a later release
      }
    }
    SshConfigCopy copy = ssh == null ? null : new SshConfigCopy(ssh[0].isEmpty() ? null : ssh[0],
        new ConfigFiles.Kept(ssh[1], ssh[2], texts, absent, globs));
    return new Unpacked(file, new VarsTree(files, dirs), copy);
  }

  private static boolean startsWith(byte[] bytes, String magic) {
    byte[] m = bytes(magic);
    return bytes.length >= m.length && Arrays.equals(Arrays.copyOf(bytes, m.length), m);
  }

  private static String b64(String s) {
    return b64(bytes(s));
  }

  private static String b64(byte[] b) {
    return Base64.getEncoder().encodeToString(b);
  }

  private static byte[] dec(String s) {
    return Base64.getDecoder().decode(s);
  }

  private static String str(String s) {
    return new String(dec(s), StandardCharsets.UTF_8);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
