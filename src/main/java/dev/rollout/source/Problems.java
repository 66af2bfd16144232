package dev.rollout.source;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Collects every problem found, so that validation reports all of them at once. */
public final class Problems {

  private final List<Problem> list = new ArrayList<>();

  public void add(Node at, String message) {
    add(at, message, "");
  }

  public void add(Node at, String message, String hint) {
    list.add(new Problem(at.position(), at.path(), message, hint));
  }

  public void add(Position at, String path, String message, String hint) {
    list.add(new Problem(at, path, message, hint));
  }

  /** Takes every problem of {@code other} in. */
  public void addAll(Problems other) {
    list.addAll(other.list);
  }

  public boolean isEmpty() {
    return list.isEmpty();
  }

  /** The problems in file order. */
  public List<Problem> sorted() {
    List<Problem> copy = new ArrayList<>(list);
    copy.sort(
        Comparator.comparing((Problem p) -> p.position().file())
            .thenComparingInt(p -> p.position().line())
            .thenComparingInt(p -> p.position().column()));
    return copy;
  }

  /** Throws {@link InvalidInputException} carrying every problem when there is at least one. */
  public void throwIfAny() throws InvalidInputException {
    if (!list.isEmpty()) {
      throw new InvalidInputException(sorted());
    }
  }
}
