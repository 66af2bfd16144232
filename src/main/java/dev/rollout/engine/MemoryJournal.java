package dev.rollout.engine;

import java.util.ArrayList;
import java.util.List;

/** A journal kept in memory only: for previews and tests, and for runs without a state store. */
public final class MemoryJournal implements Journal {

  private final List<Event> events = new ArrayList<>();

  @Override
  public synchronized void append(Event event) {
    events.add(event);
  }

  @Override
  public synchronized List<Event> events() {
    return List.copyOf(events);
  }
}
