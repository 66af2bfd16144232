package dev.rollout.engine;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Run ids: the UTC start time to the millisecond and a random suffix, {@code 20261125-204800123-3f2a}; sortable. */
public final class RunId {

  private static final DateTimeFormatter FORMAT =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmssSSS").withZone(ZoneOffset.UTC);
  private static final SecureRandom RANDOM = new SecureRandom();

  private RunId() {}

  public static String next(Clock clock) {
    return FORMAT.format(clock.instant()) + "-" + String.format("%04x", RANDOM.nextInt(0x10000));
  }
}
