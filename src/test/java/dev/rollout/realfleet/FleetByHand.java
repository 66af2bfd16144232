package dev.rollout.realfleet;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The real-systems fleets of the tests, started by hand ({@code bench/realfleet.sh}): {@code
 * FleetByHand docker|nginx|lxc N DIR} starts N hosts (or a hypervisor and N LXC containers) as the
 * JUnit extensions do, writes their inventory to {@code DIR/inventory.yml}, prints its path and
 * runs until it is sent SIGTERM, when it stops every host by pid and removes their directories.
 * Exit 2 when the fleet cannot start here, with the reason.
 */
public final class FleetByHand {

  private FleetByHand() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 3 || !args[0].matches("docker|nginx|lxc") || !args[1].matches("[1-9]\\d?")) {
      System.err.println("usage: FleetByHand docker|nginx|lxc N DIR   (N from 1 to 99)");
      System.exit(2);
    }
    int n = Integer.parseInt(args[1]);
    Path out = Files.createDirectories(Path.of(args[2]));
    CountDownLatch stopped = new CountDownLatch(1);
    Runnable stop;
    String inventory;
    try {
      if (args[0].equals("lxc")) {
        LxcFleet fleet = LxcFleet.containers(n);
        fleet.beforeAll(null);
        stop = () -> fleet.afterAll(null);
        inventory = fleet.inventory();
      } else {
        RealFleet fleet = args[0].equals("docker") ? RealFleet.docker(n, "127.0.155.11")
            : RealFleet.nginx(n, "127.0.155.31", i -> "");
        fleet.beforeAll(null);
        stop = () -> fleet.afterAll(null);
        inventory = fleet.inventory(Map.of());
      }
    } catch (org.opentest4j.TestAbortedException e) {
      System.err.println("realfleet: " + e.getMessage());
      System.exit(2);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      stop.run();
      stopped.countDown();
    }));
    Path file = out.resolve("inventory.yml");
    Files.writeString(file, inventory);
    System.out.println(file);
    System.out.flush();
    stopped.await();
  }
}
