package dev.rollout.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Preflight says how many hosts answered while it connects, without journaling it. */
class PreflightProgressTest {

  @Test
  void countsTheHostsThatAnsweredAndNeverAHostThatDidNot() throws Exception {
    VirtualFleet f = new VirtualFleet(VirtualFleet.plan("{ canary: 1, waves: [100%] }"));
    f.unreachable.add("b");
    List<String> counts = new CopyOnWriteArrayList<>();
    f.listeners.add(new RunListener() {
      @Override
      public void onEvent(Event event, RunState state) {}

      @Override
      public void onConnecting(int targets, int answered) {
        counts.add(answered + "/" + targets);
      }
    });
    MemoryJournal j = new MemoryJournal();

    Outcome o = f.engine(j, Duration.ZERO).start(false);

    assertThat(o).isEqualTo(Outcome.PREFLIGHT_REFUSED);
    assertThat(counts).containsExactly("0/3", "1/3", "2/3");
    assertThat(j.events()).extracting(e -> e.getClass().getSimpleName()).containsExactly(
        "RunStarted", "PreflightChecked", "PreflightChecked", "PreflightChecked", "RunEnded");
  }
}
