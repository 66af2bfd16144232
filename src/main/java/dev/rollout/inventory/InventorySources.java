package dev.rollout.inventory;

import dev.rollout.inventory.ansible.VarsTree;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * An inventory file and the vars directories beside it as one byte string, as a run keeps its
 * inventory: a resumed run reads the files it started with, and a saved preview's hash covers
 * {@code group_vars/} and {@code host_vars/} too. Without vars directories the bytes are the
 * file's own.
 */
public final class InventorySources {

  private static final String MAGIC = "#rollout-inventory-bundle 1\n";

  /** The inventory file's bytes and the vars files. */
  public record Unpacked(byte[] file, VarsTree tree) {}

  private InventorySources() {}

  public static byte[] pack(byte[] file, VarsTree tree) {
    if (tree.files().isEmpty() && tree.dirs().isEmpty()) {
      return file;
    }
    StringBuilder b = new StringBuilder(MAGIC);
    Base64.Encoder enc = Base64.getEncoder();
    b.append("f\t\t").append(enc.encodeToString(file)).append('\n');
    tree.dirs().forEach(d -> b.append("d\t").append(enc.encodeToString(bytes(d))).append('\n'));
    tree.files().forEach((k, v) -> b.append("f\t").append(enc.encodeToString(bytes(k)))
        .append('\t').append(enc.encodeToString(v)).append('\n'));
    return bytes(b.toString());
  }

  public static Unpacked unpack(byte[] bytes) {
    byte[] magic = bytes(MAGIC);
    if (bytes.length < magic.length
        || !Arrays.equals(Arrays.copyOf(bytes, magic.length), magic)) {
      return new Unpacked(bytes, VarsTree.EMPTY);
    }
    Base64.Decoder dec = Base64.getDecoder();
    byte[] file = new byte[0];
    Map<String, byte[]> files = new LinkedHashMap<>();
    TreeSet<String> dirs = new TreeSet<>();
    String text = new String(bytes, StandardCharsets.UTF_8).substring(MAGIC.length());
    for (String line : text.split("\n")) {
      String[] f = line.split("\t", -1);
      if (f[0].equals("d")) {
        dirs.add(new String(dec.decode(f[1]), StandardCharsets.UTF_8));
      } else if (f[1].isEmpty()) {
        file = dec.decode(f[2]);
      } else {
        files.put(new String(dec.decode(f[1]), StandardCharsets.UTF_8), dec.decode(f[2]));
      }
    }
    return new Unpacked(file, new VarsTree(files, dirs));
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
