package dev.rollout.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rollout.engine.Event;
import dev.rollout.engine.MemoryJournal;
import dev.rollout.engine.Outcome;
import dev.rollout.engine.RunState;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The terminal's live view. */
class LiveViewTest {

  private static final Clock CLOCK = Clock.systemUTC();

  /**
   * The run's state calls the view while holding its own lock (a probe thread recording an
   * event). The view's once-a-second redraw must not need that lock, or the two deadlock: found
   * by {@code rollout demo} on a terminal, where the run froze at the canary's first failed probe.
   */
  @Test
  void redrawsWhileAnotherThreadHoldsTheRunState() {
    StringWriter screen = new StringWriter();
    try (LiveView view = new LiveView(new PrintWriter(screen), new Colors(false), CLOCK)) {
      RunState state = new RunState(new MemoryJournal(), List.of(view), Clock.systemUTC(),
          List.of("web-1", "web-2"), 0);
      state.record(new Event.StageStarted(Instant.now(), "canary", List.of("web-1")));
      synchronized (state) {
        int before = countBlocks(screen);
        await().atMost(Duration.ofSeconds(5))
            .until(() -> countBlocks(screen) > before);
      }
      assertThat(screen.toString()).contains("web-1 pending", "web-2 pending");
    }
  }

  /** Its event lines name complete commands, as the plain lines do; probe runs stay unsaid. */
  @Test
  void completesTheHintsOfItsEventLinesAndLeavesProbeRunsToTheReport() {
    StringWriter screen = new StringWriter();
    picocli.CommandLine cl = Main.commandLine(new PrintWriter(new StringWriter()),
        new PrintWriter(new StringWriter()));
    GoOn next = GoOn.of(cl.parseArgs("apply", "plan.yml", "-i", "inv.yml")).run("run-7");
    try (LiveView view = new LiveView(new PrintWriter(screen), new Colors(false), CLOCK, next)) {
      RunState state = new RunState(new MemoryJournal(), List.of(view), Clock.systemUTC(),
          List.of("web-1"), 0);
      state.record(new Event.StageStarted(Instant.now(), "canary", List.of("web-1")));
      state.record(new Event.ProbeResultChanged(Instant.now(), "web-1", "site", "unhealthy",
          "healthy", 3, "HTTP 503 from the probe", null));
      state.record(new Event.RunInterrupted(Instant.now(), "canary"));
    }
    assertThat(screen.toString()).contains("go on with: rollout resume run-7 -i inv.yml")
        .doesNotContain("HTTP 503 from the probe");
  }

  @Test
  void printsAboveTheBlockOnlyWhileAViewIsOnScreen() {
    StringWriter screen = new StringWriter();
    try (LiveView view = new LiveView(new PrintWriter(screen), new Colors(false), CLOCK)) {
      RunState state = new RunState(new MemoryJournal(), List.of(view), Clock.systemUTC(),
          List.of("web-1"), 0);
      state.record(new Event.StageStarted(Instant.now(), "canary", List.of("web-1")));
      assertThat(LiveView.printAbove("demo fleet: web-1 crashed")).isTrue();
    }
    assertThat(LiveView.printAbove("after the run")).isFalse();
    String text = screen.toString();
    assertThat(text.indexOf("demo fleet: web-1 crashed"))
        .isLessThan(text.lastIndexOf("stage: canary"));
    assertThat(text).doesNotContain("after the run");
  }

  /**
   * A block drawn at 160 columns and reflowed by the terminal to 40 takes more rows than it has
   * lines, and frames made for 160 may still be on their way when the terminal is already at 40.
   * So no erase counts rows: the cursor rests at the block's first line and the erase clears from
   * there to the end of the screen; the block is written with autowrap off (one row a line at any
   * width) and the cursor goes back up its lines less one. After the resize it is redrawn to fit.
   */
  @Test
  void erasesFromTheBlocksFirstLineWhateverTheWidthAndRedrawsAtTheNewOneAfterAResize() {
    StringWriter screen = new StringWriter();
    AtomicReference<TerminalSize> size = new AtomicReference<>(new TerminalSize(160, 30));
    try (LiveView view = new LiveView(new PrintWriter(screen), Colors.OFF, CLOCK, size::get,
        false)) {
      RunState state = new RunState(new MemoryJournal(), List.of(view), CLOCK,
          IntStream.rangeClosed(1, 12).mapToObj("host-%02d"::formatted).toList(), 0);
      state.record(new Event.StageStarted(Instant.now(), "canary", List.of("host-01")));
      String wide = screen.toString();
      String wideBlock = wide.substring(wide.lastIndexOf(LiveView.NO_WRAP));
      assertThat(wideBlock).endsWith("\r\u001b[2A" + LiveView.WRAP);
      size.set(new TerminalSize(40, 30));
      int before = screen.getBuffer().length();

      view.resized();

      String after = screen.toString().substring(before);
      assertThat(after).startsWith("\r\u001b[J" + LiveView.NO_WRAP)
          .endsWith("\r\u001b[6A" + LiveView.WRAP);
      String block = after.substring(after.indexOf(LiveView.NO_WRAP) + LiveView.NO_WRAP.length(),
          after.lastIndexOf('\r'));
      assertThat(block.lines()).hasSize(1 + 6)
          .allSatisfy(l -> assertThat(l.length()).isLessThan(40));
    }
  }

  @Test
  void erasesTheBlockForGoodWhenTheRunEnds() {
    StringWriter screen = new StringWriter();
    try (LiveView view = new LiveView(new PrintWriter(screen), Colors.OFF, CLOCK,
        () -> new TerminalSize(80, 24), false)) {
      RunState state = new RunState(new MemoryJournal(), List.of(view), CLOCK,
          List.of("web-1"), 0);
      state.record(new Event.StageStarted(Instant.now(), "canary", List.of("web-1")));
      state.record(new Event.RunEnded(Instant.now(), Outcome.COMPLETED, "completed"));
      String ended = screen.toString();
      view.resized();

      assertThat(screen.toString()).isEqualTo(ended);
      String last = ended.substring(ended.lastIndexOf("\u001b[J") + 3);
      assertThat(last).contains("run ended").doesNotContain("stage: ", "web-1 ");
    }
  }

  @Test
  void foldsAnEventLineToTheWidthUnderItsText() {
    StringWriter screen = new StringWriter();
    try (LiveView view = new LiveView(new PrintWriter(screen), Colors.OFF, CLOCK,
        () -> new TerminalSize(40, 24), false)) {
      RunState state = new RunState(new MemoryJournal(), List.of(view), CLOCK,
          List.of("web-1"), 0);
      state.record(new Event.HostFailed(Instant.parse("2026-12-03T10:00:00Z"), "web-1",
          dev.rollout.engine.FailureClass.UNHEALTHY, "probe \"health\" failed 3 time(s) in a "
          + "row: connection refused by 127.0.0.1:8080", 1));
    }
    List<String> lines = screen.toString()
        .replaceAll("\r?\u001b\\[(\\?7[lh]|[0-9]*[AJ])", "").lines()
        .takeWhile(l -> !l.startsWith("stage: ")).toList();
    assertThat(lines).hasSizeGreaterThan(2).allSatisfy(l -> assertThat(l.length()).isLessThan(40));
    assertThat(lines.get(0)).startsWith("10:00:00 web-1: FAILED");
    assertThat(lines.subList(1, lines.size()))
        .allSatisfy(l -> assertThat(l).startsWith("         "));
  }

  private static int countBlocks(StringWriter screen) {
    synchronized (screen.getBuffer()) {
      return screen.toString().split("stage: ", -1).length - 1;
    }
  }
}
