package dev.rollout.cli;

import dev.rollout.engine.Event;
import dev.rollout.engine.Journal;
import dev.rollout.journal.EventCodec;
import dev.rollout.journal.Failpoint;
import dev.rollout.journal.FileRunStore;
import dev.rollout.journal.StoredRun;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The launcher's training run for the class-data archive ({@code target/rollout.jsa}, made with
 * {@code -XX:ArchiveClassesAtExit}): the commands an operator runs most, in this one process, so
 * that the classes they load (picocli, SnakeYAML, Jackson's decoders of every event, the journal's
 * hashing, the report) are archived, and later runs map them instead of loading and verifying
 * each. Nothing leaves a temporary directory; nothing touches the network. A cold {@code rollout
 * status} of the 1,000-host 72-hour journal takes about a third less with it (bench/RESULTS.md).
 */
final class CdsTraining {

  private static final String RUN = "20261101-000000000-beef";
  private static final String HERE = "/dev/rollout/cli/training/";

  private CdsTraining() {}

  public static void main(String[] args) throws IOException {
    Path dir = Files.createTempDirectory("rollout-cds-");
    try {
      train(dir);
    } finally {
      try (Stream<Path> all = Files.walk(dir)) {
        all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static void train(Path dir) throws IOException {
    Path plan = copy("plan.yml", dir.resolve("plan.yml"));
    Path inventory = copy("inventory.yml", dir.resolve("inventory.yml"));
    String state = dir.resolve("state").toString();
    // the bundled journal's events written again through the journal itself: chained lines
    try (FileRunStore store = new FileRunStore(dir.resolve("state"))) {
      StoredRun run = store.create(RUN, plan.toString(), Files.readAllBytes(plan),
          inventory.toString(), Files.readAllBytes(inventory));
      Journal journal = run.journal(Failpoint.OFF);
      List<Event> events = resource("journal.jsonl").lines().map(EventCodec::decode).toList();
      events.forEach(journal::append);
      // long enough for the journal's parallel reading (2,000 lines): its measurements again
      List<Event> again = events.stream().filter(e -> e instanceof Event.MetricMeasured
          || e instanceof Event.HealthCounted).toList();
      for (int n = events.size(); n < 2_100; n += again.size()) {
        again.forEach(journal::append);
      }
    }
    String p = plan.toString();
    String i = inventory.toString();
    String html = dir.resolve("report.html").toString();
    for (List<String> command : List.of(
        List.of("--help"), List.of("apply", "--help"), List.of("--version"),
        List.of("validate", p, "-i", i), List.of("validate", p, "-i", i, "--output", "json"),
        List.of("plan", p, "-i", i), List.of("plan", p, "-i", i, "--output", "json"),
        List.of("status", RUN, "--state", state), List.of("status", "--state", state),
        List.of("status", RUN, "--state", state, "--output", "json"),
        List.of("history", "--state", state), List.of("history", "--state", state, "-o", "json"),
        List.of("report", RUN, "--state", state),
        List.of("report", RUN, "--state", state, "--format", "json"),
        List.of("report", RUN, "--state", state, "--format", "html", "--to", html),
        List.of("status", "no-such-run", "--state", state))) {
      PrintWriter sink = new PrintWriter(Writer.nullWriter());
      Main.run(command.toArray(String[]::new), sink, sink);
    }
  }

  private static Path copy(String name, Path to) throws IOException {
    Files.writeString(to, resource(name));
    return to;
  }

  private static String resource(String name) {
    try (InputStream in = CdsTraining.class.getResourceAsStream(HERE + name)) {
      if (in == null) {
        throw new IllegalStateException("the jar lacks " + HERE + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
