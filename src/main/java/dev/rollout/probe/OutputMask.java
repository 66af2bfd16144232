package dev.rollout.probe;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * Hides secret values as {@code ****} in what a probe printed and in its reason, before any of it
 * is cut: a secret cut in two is no longer recognised, and its tail would survive in the output,
 * the journal, the report and {@code status}. Longer secrets are masked first.
 */
public final class OutputMask {

  /** Masks nothing: for probes of a plan without secrets. */
  public static final OutputMask NONE = new OutputMask(List.of());

  private static final byte[] MASK = "****".getBytes(StandardCharsets.UTF_8);

  private final List<String> secrets;
  private final List<byte[]> bytes;
  private final int longest;

  /** @param secrets the values to hide; null and empty ones are ignored */
  public OutputMask(Collection<String> secrets) {
    this.secrets = secrets.stream().filter(s -> s != null && !s.isEmpty())
        .sorted(Comparator.comparingInt(String::length).reversed()).toList();
    this.bytes = this.secrets.stream().map(s -> s.getBytes(StandardCharsets.UTF_8))
        .sorted(Comparator.comparingInt((byte[] b) -> b.length).reversed()).toList();
    this.longest = bytes.isEmpty() ? 0 : bytes.get(0).length;
  }

  /** The text with every secret replaced; null stays null. */
  public String mask(String text) {
    if (text == null) {
      return null;
    }
    String out = text;
    for (String s : secrets) {
      out = out.replace(s, "****");
    }
    return out;
  }

  /**
   * The last {@code max} bytes of a file, masked, read without loading all of it. The window read
   * reaches back the length of the longest secret before the cut, so a secret that straddles the
   * cut is seen whole and masked whole; one that ends before the cut is left out whole.
   */
  String tail(Path file, int max) throws IOException {
    try (var channel = Files.newByteChannel(file)) {
      long size = channel.size();
      long from = Math.max(0, size - max - longest);
      channel.position(from);
      ByteBuffer buffer = ByteBuffer.allocate((int) (size - from));
      while (buffer.hasRemaining() && channel.read(buffer) > 0) {
        // keep reading until the window is in
      }
      int cut = (int) (Math.max(0, size - max) - from);
      return masked(Arrays.copyOf(buffer.array(), buffer.position()), cut);
    }
  }

  /** The bytes from {@code cut} on, every secret that reaches past {@code cut} masked. */
  private String masked(byte[] window, int cut) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(window.length);
    int i = 0;
    while (i < window.length) {
      int len = matchAt(window, i);
      if (len > 0) {
        if (i + len > cut) {
          out.writeBytes(MASK);
        }
        i += len;
      } else {
        if (i >= cut) {
          out.write(window[i]);
        }
        i++;
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private int matchAt(byte[] window, int at) {
    for (byte[] s : bytes) {
      if (at + s.length <= window.length
          && Arrays.equals(window, at, at + s.length, s, 0, s.length)) {
        return s.length;
      }
    }
    return 0;
  }
}
