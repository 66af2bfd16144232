package dev.rollout.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plan, the inventory and a saved preview must be regular files of at most 16 MiB: a device,
 * a FIFO or a directory is refused before it is opened, with exit 2 and the file named, never an
 * OutOfMemoryError, a hang or an internal error.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NotARegularFileTest {

  @TempDir Path dir;
  Path plan;
  Path inventory;

  @BeforeEach
  void files() throws IOException {
    plan = Files.writeString(dir.resolve("plan.yml"), """
        name: p
        targets: [web-1]
        strategy: {canary: 1, soak: 1s, waves: [100%], onFailure: halt}
        change:
          - run: "true"
        """);
    inventory = Files.writeString(dir.resolve("inventory.yml"), """
        hosts:
          web-1: {address: 127.0.0.9, port: 1}
        """);
  }

  @Test
  void aPlanThatIsDevZeroIsRefusedWithoutReadingIt() {
    Cli r = Cli.run("validate", "/dev/zero", "-i", inventory.toString());

    assertRefused(r, "/dev/zero:1:1: is a character device, not a regular file");
  }

  @Test
  void anInventoryThatIsDevZeroIsRefusedWithoutReadingIt() {
    Cli r = Cli.run("validate", plan.toString(), "-i", "/dev/zero");

    assertRefused(r, "/dev/zero:1:1: is a character device, not a regular file");
  }

  @Test
  void aPlanThatIsAFifoIsRefusedWithoutBlockingOnIt() throws Exception {
    Path fifo = fifo("plan.fifo");

    Cli r = Cli.run("validate", fifo.toString(), "-i", inventory.toString());

    assertRefused(r, fifo + ":1:1: is a FIFO (named pipe), not a regular file");
  }

  @Test
  void anInventoryThatIsAFifoIsRefusedWithoutBlockingOnIt() throws Exception {
    Path fifo = fifo("inventory.fifo");

    Cli r = Cli.run("plan", plan.toString(), "-i", fifo.toString());

    assertRefused(r, fifo + ":1:1: is a FIFO (named pipe), not a regular file");
  }

  @Test
  void aPlanThatIsADirectoryIsRefused() {
    Cli r = Cli.run("validate", dir.toString(), "-i", inventory.toString());

    assertRefused(r, dir + ":1:1: is a directory, not a regular file");
  }

  @Test
  void aPlanLargerThan16MibIsRefusedBeforeItIsRead() throws IOException {
    Path big = dir.resolve("big.yml");
    try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
      f.setLength(16L * 1024 * 1024 + 1);
    }

    Cli r = Cli.run("validate", big.toString(), "-i", inventory.toString());

    assertRefused(r, big + ":1:1: is larger than 16 MiB");
  }

  @Test
  void aSavedPreviewThatIsAFifoIsRefusedBeforeAnyRunIsCreated() throws Exception {
    Path fifo = fifo("preview.fifo");
    Path state = dir.resolve("state");

    Cli r = Cli.run("apply", plan.toString(), "-i", inventory.toString(), "--plan",
        fifo.toString(), "--yes", "--state", state.toString());

    assertRefused(r, "the saved preview " + fifo + " is a FIFO (named pipe), not a regular file");
    assertThat(state).doesNotExist();
  }

  @Test
  void aSavedPreviewThatIsDevZeroIsRefusedBeforeAnyRunIsCreated() {
    Path state = dir.resolve("state");

    Cli r = Cli.run("apply", plan.toString(), "-i", inventory.toString(), "--plan",
        "/dev/zero", "--yes", "--state", state.toString());

    assertRefused(r, "the saved preview /dev/zero is a character device, not a regular file");
    assertThat(state).doesNotExist();
  }

  @Test
  void aRawNulByteInThePlanIsRefusedWithItsPosition() throws IOException {
    Files.write(plan, "name: p\ntargets: [web-1]\nchange:\n  - run: echo \0\n".getBytes());

    Cli r = Cli.run("validate", plan.toString(), "-i", inventory.toString());

    assertRefused(r, plan + ":4:15: a control character (U+0000) in the file");
  }

  private Path fifo(String name) throws Exception {
    Path fifo = dir.resolve(name);
    assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
    return fifo;
  }

  private static void assertRefused(Cli r, String expected) {
    assertThat(r.code()).as("exit code; stderr:%n%s", r.err()).isEqualTo(2);
    assertThat(r.err()).contains(expected)
        .doesNotContain("Exception", "OutOfMemory", "internal error", "\tat ");
  }
}
