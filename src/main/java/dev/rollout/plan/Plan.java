package dev.rollout.plan;

import dev.rollout.inventory.Var;
import dev.rollout.source.Position;
import java.util.List;
import java.util.Map;

/**
 * A loaded, valid plan.
 *
 * @param file the plan file as the operator named it
 * @param name the plan's name
 * @param description one line for people, may be empty
 * @param targets which hosts the plan changes
 * @param strategy how the change is rolled out
 * @param become run every command of this plan through {@code sudo -n}
 * @param vars plan variables; a host's own variables of the same name win
 * @param preflight read-only checks on every target before any change
 * @param change the change, in order
 * @param verify checks that the change is in place
 * @param rollback the way back, in order
 * @param rollbackCheck read-only checks that the way back works (run in preflight)
 * @param health the probes and how they are judged
 * @param notifications where state changes are sent (the {@code notify} key)
 * @param positions where the top-level and strategy keys are written, by path
 */
public record Plan(
    String file,
    String name,
    String description,
    TargetSpec targets,
    Strategy strategy,
    boolean become,
    Map<String, Var> vars,
    List<Step> preflight,
    List<Step> change,
    List<Step> verify,
    List<Step> rollback,
    List<Step> rollbackCheck,
    Health health,
    Notify notifications,
    Map<String, Position> positions) {

  public Plan {
    vars = Map.copyOf(vars);
    preflight = List.copyOf(preflight);
    change = List.copyOf(change);
    verify = List.copyOf(verify);
    rollback = List.copyOf(rollback);
    rollbackCheck = List.copyOf(rollbackCheck);
    positions = Map.copyOf(positions);
  }

  /** Where the value at {@code path} (such as {@code strategy.canary}) is written. */
  public Position positionOf(String path) {
    Position p = positions.get(path);
    if (p != null) {
      return p;
    }
    int dot = path.lastIndexOf('.');
    return dot < 0 ? new Position(file, 1, 1) : positionOf(path.substring(0, dot));
  }
}
