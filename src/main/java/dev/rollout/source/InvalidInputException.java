package dev.rollout.source;

import java.util.List;

/** The plan or inventory is invalid; carries every problem found. Maps to exit code 2. */
public final class InvalidInputException extends Exception {

  private final transient List<Problem> problems;

  public InvalidInputException(List<Problem> problems) {
    super(problems.size() + " problem(s), first: " + problems.get(0).format());
    this.problems = List.copyOf(problems);
  }

  public List<Problem> problems() {
    return problems;
  }
}
