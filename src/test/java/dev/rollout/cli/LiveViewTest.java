package dev.rollout.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rollout.engine.Event;
import dev.rollout.engine.MemoryJournal;
import dev.rollout.engine.RunState;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
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

  private static int countBlocks(StringWriter screen) {
    synchronized (screen.getBuffer()) {
      return screen.toString().split("stage: ", -1).length - 1;
    }
  }
}
