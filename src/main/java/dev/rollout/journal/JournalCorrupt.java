package dev.rollout.journal;

import java.io.IOException;

/**
 * A journal that is damaged, out of its hash chain, or breaks the run's rules: nothing may act on
 * it as it is. {@link #contents()} has every problem, and the events that passed for an operator
 * who forces a resume or an abort. The message names the first problem and no value of an event.
 */
public final class JournalCorrupt extends IOException {

  private final transient JournalContents contents;

  JournalCorrupt(JournalContents contents) {
    super("the journal " + contents.where() + " is corrupt: "
        + contents.describe(contents.problems().get(0))
        + (contents.problems().size() > 1 ? " (and " + (contents.problems().size() - 1)
            + " more)" : ""));
    this.contents = contents;
  }

  public JournalContents contents() {
    return contents;
  }
}
