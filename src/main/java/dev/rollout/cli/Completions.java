package dev.rollout.cli;

import dev.rollout.demo.DemoFleet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;

/**
 * TAB-completion values of the enum options, in lower case as the help and the README write them
 * (picocli would offer the constants' upper-case names; both cases are accepted).
 */
final class Completions {

  private Completions() {}

  private static Iterator<String> lower(Enum<?>[] values) {
    return Arrays.stream(values).map(v -> v.name().toLowerCase(Locale.ROOT)).iterator();
  }

  /** {@code --output}: text, json. */
  static final class Output implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return lower(OutputOptions.Format.values());
    }
  }

  /** {@code report --format}: markdown, json. */
  static final class ReportFormat implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return lower(ReportCommand.Format.values());
    }
  }

  /** {@code apply --until}: canary. */
  static final class Until implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return lower(ApplyCommand.Until.values());
    }
  }

  /** {@code demo --scenario}: incident, healthy. */
  static final class Scenario implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return lower(DemoFleet.Scenario.values());
    }
  }
}
