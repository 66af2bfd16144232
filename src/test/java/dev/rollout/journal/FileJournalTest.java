package dev.rollout.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollout.engine.Event;
import dev.rollout.engine.HostState;
import dev.rollout.engine.Journal;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file journal: events as JSON lines, owner-only files, a torn last line survived. */
class FileJournalTest {

  static final Instant AT = Instant.parse("2026-11-25T20:48:00Z");
  static final Event STARTED = new Event.RunStarted(AT, "run-1", "p", List.of("host-1"), 0,
      false);
  static final Event CHANGING = new Event.HostStateChanged(AT.plusSeconds(1), "host-1",
      HostState.PENDING, HostState.CHANGING, "");
  static final Event PAUSED = new Event.RunPaused(AT.plusSeconds(2), "canary", "--until canary");

  @TempDir Path temp;
  FileRunStore store;
  StoredRun run;
  Path file;

  @BeforeEach
  void createRun() throws IOException {
    store = new FileRunStore(temp.resolve("state"));
    run = store.create("run-1", "plan.yml", "name: p\n".getBytes(), "inventory.yml",
        "hosts: {}\n".getBytes());
    file = temp.resolve("state/runs/run-1/journal.jsonl");
  }

  @Test
  void readsBackTheEventsAppended() throws IOException {
    Journal j = run.journal(Failpoint.OFF);
    j.append(STARTED);
    j.append(CHANGING);

    assertThat(j.events()).containsExactly(STARTED, CHANGING);
    assertThat(run.events()).containsExactly(STARTED, CHANGING);
    assertThat(FileJournal.read(file)).isEqualTo(clean(STARTED, CHANGING));
    assertThat(Files.readAllLines(file)).hasSize(2);
  }

  @Test
  void aReopenedJournalKeepsWhatWasThereAndAppendsAfterIt() throws IOException {
    run.journal(Failpoint.OFF).append(STARTED);

    Journal again = store.open("run-1").orElseThrow().journal(Failpoint.OFF);
    again.append(CHANGING);

    assertThat(again.events()).containsExactly(STARTED, CHANGING);
    assertThat(run.events()).containsExactly(STARTED, CHANGING);
  }

  @Test
  void keepsTheJournalReadableByItsOwnerOnly() throws IOException {
    run.journal(Failpoint.OFF).append(STARTED);

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
        .isEqualTo("rwx------");
    for (String kept : List.of("plan.yml", "inventory.yml", "files")) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(
          file.resolveSibling(kept)))).as(kept).isEqualTo("rw-------");
    }
  }

  @Test
  void ignoresATornLastLineAndSaysSo() throws IOException {
    run.journal(Failpoint.OFF).append(STARTED);
    appendRaw(half(CHANGING));

    JournalContents read = FileJournal.read(file);
    assertThat(read.events()).containsExactly(STARTED);
    assertThat(read.tornTail()).isTrue();
    assertThat(read.problems()).isEmpty();
    assertThat(run.tornTail()).isTrue();
    assertThat(run.events()).containsExactly(STARTED);
  }

  @Test
  void startsTheNextEventOnACleanLineAfterATornOne() throws IOException {
    run.journal(Failpoint.OFF).append(STARTED);
    appendRaw(half(CHANGING));

    Journal reopened = store.open("run-1").orElseThrow().journal(Failpoint.OFF);
    reopened.append(PAUSED);

    assertThat(FileJournal.read(file)).as("the chain goes on from the last whole line")
        .isEqualTo(clean(STARTED, PAUSED));
    assertThat(Files.readString(file)).endsWith("}\n").doesNotContain(half(CHANGING) + "{");
    assertThat(reopened.events()).containsExactly(STARTED, PAUSED);
  }

  @Test
  void startsTheNextEventOnACleanLineWhenOnlyTheLastNewlineIsMissing() throws IOException {
    run.journal(Failpoint.OFF).append(STARTED);
    appendRaw(EventCodec.encode(CHANGING, EventCodec.hash(lastLine())));

    Journal reopened = store.open("run-1").orElseThrow().journal(Failpoint.OFF);
    reopened.append(PAUSED);

    List<Event> read = FileJournal.read(file).verified();
    assertThat(read).startsWith(STARTED).endsWith(PAUSED);
    assertThat(read).isEqualTo(reopened.events());
  }

  @Test
  void namesADamagedLineInTheMiddleAndKeepsTheOthers() throws IOException {
    Journal j = run.journal(Failpoint.OFF);
    j.append(STARTED);
    appendRaw("{\"type\":\"garbage\n");
    j.append(PAUSED);

    JournalContents read = FileJournal.read(file);
    assertThat(read.problems()).extracting(read::describe)
        .containsExactly("line 2: damaged: not a journal event");
    assertThat(read.events()).containsExactly(STARTED, PAUSED);
    assertThatThrownBy(() -> run.events()).isInstanceOf(JournalCorrupt.class)
        .hasMessage("the journal " + file + " is corrupt: line 2: damaged: not a journal event");
  }

  @Test
  void refusesAnUnreadableLastLineThatEndsWithANewline() throws IOException {
    run.journal(Failpoint.OFF).append(STARTED);
    appendRaw("{\"type\":\"SoakPass\n");

    JournalContents read = FileJournal.read(file);
    assertThat(read.tornTail()).isFalse();
    assertThat(read.problems()).extracting(read::describe)
        .containsExactly("line 2: damaged: not a journal event");
  }

  @Test
  void readsAnEmptyJournalAsNoEvents() throws IOException {
    assertThat(FileJournal.read(file)).isEqualTo(clean());
    assertThat(run.tornTail()).isFalse();
  }

  /** What reading a whole, unedited journal of {@code events} gives. */
  private JournalContents clean(Event... events) throws IOException {
    List<String> lines = Files.readAllLines(file);
    String last = lines.isEmpty() ? EventCodec.FIRST_PREV : EventCodec.hash(lines.get(
        lines.size() - 1).getBytes(StandardCharsets.UTF_8));
    return new JournalContents(file.toString(), "line", List.of(events), List.of(), false, 0,
        last, lines.size());
  }

  private byte[] lastLine() throws IOException {
    List<String> lines = Files.readAllLines(file);
    return lines.get(lines.size() - 1).getBytes(StandardCharsets.UTF_8);
  }

  private static String half(Event e) {
    String line = EventCodec.encode(e);
    return line.substring(0, line.length() / 2);
  }

  private void appendRaw(String text) throws IOException {
    Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
  }
}
