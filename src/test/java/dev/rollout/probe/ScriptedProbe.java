package dev.rollout.probe;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A probe that answers from a script of outcomes, {@code +} healthy, {@code -} unhealthy, {@code !}
 * unreachable, {@code x} throws; after the script it repeats the last one. Counts its checks.
 */
final class ScriptedProbe implements Probe {

  private final String name;
  private final Clock clock;
  private final Deque<Character> script = new ArrayDeque<>();
  private final AtomicInteger checks = new AtomicInteger();
  private char last = '+';

  ScriptedProbe(String name, Clock clock, String script) {
    this.name = name;
    this.clock = clock;
    script.chars().forEach(c -> this.script.add((char) c));
  }

  int checks() {
    return checks.get();
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String kind() {
    return "scripted";
  }

  @Override
  public String target() {
    return Arrays.toString(script.toArray());
  }

  @Override
  public synchronized ProbeResult check() {
    int n = checks.incrementAndGet();
    last = script.isEmpty() ? last : script.poll();
    ProbeResult.Outcome outcome =
        switch (last) {
          case '+' -> ProbeResult.Outcome.HEALTHY;
          case '-' -> ProbeResult.Outcome.UNHEALTHY;
          case '!' -> ProbeResult.Outcome.UNREACHABLE;
          default -> throw new IllegalStateException("scripted bug in check " + n);
        };
    String reason = name + " check " + n + " " + outcome.name().toLowerCase();
    return new ProbeResult(name, outcome, reason, "", clock.instant(), Duration.ZERO);
  }
}
