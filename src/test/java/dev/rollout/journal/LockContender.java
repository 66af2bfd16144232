package dev.rollout.journal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * A controller in its own JVM for {@link FileHostLocksTest}: {@code STATE READY GO RUN HOST...}.
 * Touches READY once its classes are loaded, spins until GO exists (20 s at most), then takes the
 * locks of the hosts for RUN, prints WON or LOST, and stays alive until GO.done exists.
 */
public final class LockContender {

  private LockContender() {}

  public static void main(String[] args) throws Exception {
    HostLocks locks = new FileRunStore(Path.of(args[0])).locks();
    locks.held();
    Path go = Path.of(args[2]);
    List<String> hosts = Arrays.asList(args).subList(4, args.length);
    Files.createFile(Path.of(args[1]));
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (!Files.exists(go)) {
      if (System.nanoTime() > deadline) {
        System.out.println("NO GO");
        System.exit(2);
      }
      Thread.onSpinWait();
    }
    System.out.println(locks.acquire(args[3], hosts).isEmpty() ? "WON" : "LOST");
    System.out.flush();
    // alive, holding what it won, until the test has both answers: a controller that exits at
    // once leaves locks of a dead process, which a resume of the same run rightly takes over
    Path done = Path.of(args[2] + ".done");
    while (!Files.exists(done) && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
  }
}
