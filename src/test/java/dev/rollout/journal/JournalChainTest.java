package dev.rollout.journal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollout.engine.Event;
import dev.rollout.engine.HostState;
import dev.rollout.engine.Journal;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each line of a file journal carries the hash of the line before it, so a line changed, removed,
 * moved or added by hand is found, with its line number; journals from before the chain still
 * read.
 */
class JournalChainTest {

  static final Instant AT = Instant.parse("2026-12-01T10:00:00Z");
  static final List<Event> RUN = List.of(
      new Event.RunStarted(AT, "run-1", "p", List.of("h1", "h2"), 0, false),
      new Event.PreflightPassed(AT, 2),
      new Event.StageStarted(AT, "canary", List.of("h1")),
      new Event.HostStateChanged(AT, "h1", HostState.PENDING, HostState.CHANGING, ""),
      new Event.RunPaused(AT, "canary", "--until canary"));

  @TempDir Path temp;
  FileRunStore store;
  Path file;

  @BeforeEach
  void writeARun() throws IOException {
    store = new FileRunStore(temp.resolve("state"));
    Journal j = store.create("run-1", "plan.yml", new byte[0], "inventory.yml", new byte[0])
        .journal(Failpoint.OFF);
    RUN.forEach(j::append);
    file = temp.resolve("state/runs/run-1/journal.jsonl");
  }

  List<String> problems() throws IOException {
    JournalContents c = FileJournal.read(file);
    return c.problems().stream().map(c::describe).toList();
  }

  List<String> lines() throws IOException {
    return new ArrayList<>(Files.readAllLines(file));
  }

  @Test
  void eachLineCarriesTheHashOfTheLineBefore() throws IOException {
    List<String> lines = lines();

    assertThat(EventCodec.decodeLine(lines.get(0)).prev()).isEqualTo(EventCodec.FIRST_PREV);
    for (int i = 1; i < lines.size(); i++) {
      assertThat(EventCodec.decodeLine(lines.get(i)).prev()).isEqualTo(EventCodec.hash(
          lines.get(i - 1).getBytes(StandardCharsets.UTF_8)));
    }
    assertThat(problems()).isEmpty();
  }

  @Test
  void aChangedLineIsFoundByTheLineAfterIt() throws IOException {
    List<String> lines = lines();
    lines.set(1, lines.get(1).replace("\"targets\":2", "\"targets\":3"));
    Files.write(file, lines);

    assertThat(problems()).containsExactly("line 3: does not follow line 2: that line was "
        + "changed, or lines were removed or moved between them");
  }

  @Test
  void aRemovedLineIsFound() throws IOException {
    List<String> lines = lines();
    lines.remove(2);
    Files.write(file, lines);

    assertThat(problems()).containsExactly("line 3: does not follow line 2: that line was "
        + "changed, or lines were removed or moved between them");
  }

  @Test
  void aRemovedFirstLineIsFound() throws IOException {
    List<String> lines = lines();
    lines.remove(0);
    Files.write(file, lines);

    assertThat(problems()).startsWith("line 1: is not the first line of the journal: its hash "
        + "link says lines before it are missing");
  }

  @Test
  void swappedLinesAreFound() throws IOException {
    List<String> lines = lines();
    Collections.swap(lines, 2, 3);
    Files.write(file, lines);

    assertThat(problems()).contains("line 3: does not follow line 2: that line was changed, or "
        + "lines were removed or moved between them");
  }

  @Test
  void aLineAddedWithoutAHashIsFound() throws IOException {
    List<String> lines = lines();
    lines.add(EventCodec.encode(new Event.Promoted(AT, "someone")));
    Files.write(file, lines);

    assertThat(problems()).containsExactly("line 6: carries no hash of the line before it, "
        + "though the lines before it do (added by hand?)");
  }

  @Test
  void aJournalFromBeforeTheChainReadsAndGoesOnChained() throws IOException {
    Files.write(file, RUN.stream().map(EventCodec::encode).toList());
    assertThat(FileJournal.read(file).unchained()).isEqualTo(5);
    assertThat(problems()).isEmpty();

    store.open("run-1").orElseThrow().journal(Failpoint.OFF).append(new Event.Promoted(AT,
        "someone"));

    JournalContents read = FileJournal.read(file);
    assertThat(read.problems()).isEmpty();
    assertThat(read.unchained()).isEqualTo(5);
    assertThat(read.events()).hasSize(6);
    assertThat(EventCodec.decodeLine(lines().get(5)).prev()).isNotNull();
  }

  @Test
  void aJournalMadeToLookOlderThanTheChainIsFoundFromWhereTheLinksStop() throws IOException {
    List<String> lines = lines();
    lines.set(4, EventCodec.encode(RUN.get(4)));
    Files.write(file, lines);

    assertThat(problems()).containsExactly("line 5: carries no hash of the line before it, "
        + "though the lines before it do (added by hand?)");
  }

  @Test
  void aLineThatIsNotUtf8IsDamaged() throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    int second = new String(bytes, StandardCharsets.UTF_8).indexOf('\n') + 5;
    bytes[second] = (byte) 0xff;
    Files.write(file, bytes);

    assertThat(problems()).containsExactly("line 2: damaged: not a journal event (not UTF-8)");
  }

  /** A long journal is read on several threads: every finding still names its own line. */
  @Test
  void aLongJournalReadInParallelFindsEachDamageAtItsLine() throws IOException {
    Journal j = store.create("run-2", "plan.yml", new byte[0], "inventory.yml", new byte[0])
        .journal(Failpoint.OFF);
    j.append(RUN.get(0));
    j.append(RUN.get(1));
    j.append(RUN.get(2));
    for (int i = 0; i < 5_000; i++) {
      j.append(new Event.HealthCounted(AT, i, 0, 1));
    }
    Path longFile = temp.resolve("state/runs/run-2/journal.jsonl");
    List<String> lines = new ArrayList<>(Files.readAllLines(longFile));
    lines.set(1_000, lines.get(1_000).replace("\"checks\":997", "\"checks\":998"));
    lines.set(3_000, "{not json");
    Files.write(longFile, (String.join("\n", lines) + "\n{\"type\":\"Run").getBytes(
        StandardCharsets.UTF_8));

    JournalContents c = FileJournal.read(longFile);

    assertThat(c.problems().stream().map(c::describe).toList()).containsExactly(
        "line 1002: does not follow line 1001: that line was changed, or lines were removed or "
            + "moved between them",
        "line 3001: damaged: not a journal event");
    assertThat(c.tornTail()).isTrue();
    assertThat(c.events()).hasSize(5_002);
    assertThat(c.lastPosition()).isEqualTo(5_003);
  }
}
