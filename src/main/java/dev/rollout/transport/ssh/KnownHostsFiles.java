package dev.rollout.transport.ssh;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The known_hosts files of one transport, each read once and shared by all its connections (a
 * fleet's hosts usually name one file: reading it per connection would cost hosts times lines).
 * A file that cannot be read is not kept: the next connection that names it tries again and gets
 * the same error. Safe for use from many threads.
 */
final class KnownHostsFiles {

  private final Map<Path, KnownHostsFile> files = new ConcurrentHashMap<>();
  private final AtomicInteger reads = new AtomicInteger();

  /** {@code file} as read by the first connection that named it. */
  KnownHostsFile of(Path file) throws IOException {
    try {
      return files.computeIfAbsent(file.toAbsolutePath().normalize(), f -> {
        reads.incrementAndGet();
        try {
          return KnownHostsVerifier.read(f);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  /** How many times a file was read (a test seam: once per file, however many connections). */
  int reads() {
    return reads.get();
  }
}
