package dev.rollout.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.rollout.plan.PlanFiles;
import dev.rollout.source.InvalidInputException;
import dev.rollout.testfleet.TestFleet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A container's wrap is parsed as shell words and proven in preflight, over real SSH. */
class WrapPreflightTest {

  private static final String STEPS = """
      change:
        - run: printf '%s\\n' "$NAME" > config
      verify:
        - run: grep -qx 'my box' config
      rollback:
        - run: echo v1 > config
      """;

  @RegisterExtension final TestFleet fleet = TestFleet.withHosts(1);
  @TempDir Path dir;
  FleetRun run;

  @BeforeEach
  void setUp() {
    run = new FleetRun(fleet, dir);
  }

  @AfterEach
  void tearDown() {
    run.close();
  }

  @Test
  void aQuotedWrapReachesTheContainerWithItsWordsIntact() throws IOException {
    Path box = container("box");
    run.inventoryTail("box: { container: { host: host-1, wrap: \"env -C '" + box
        + "' NAME='my box'\" } }\n");

    Outcome o = run.run("name: quoted\ntargets: [box]\nstrategy: {canary: 1}\n" + STEPS);

    assertThat(o).isEqualTo(Outcome.COMPLETED);
    assertThat(box.resolve("config")).hasContent("my box");
  }

  @Test
  void aWrapThatRunsNothingRefusesTheRunBeforeAnyChange() throws IOException {
    Path box = container("box");
    run.inventoryTail("box: { container: { host: host-1, wrap: \"env -C '" + box
        + "' sh -s\" } }\n");

    Outcome o = run.run("name: silent\ntargets: [box]\nstrategy: {canary: 1}\n" + STEPS);

    assertThat(o).isEqualTo(Outcome.PREFLIGHT_REFUSED);
    assertThat(box.resolve("config")).hasContent("v1");
    assertThat(run.events()).anyMatch(e -> e instanceof Event.PreflightChecked p
        && p.host().equals("box") && !p.passed()
        && p.reason().contains("commands would not run")
        && p.reason().contains("exited 0 without running the command"));
    assertThat(run.events()).noneMatch(e -> e instanceof Event.StepStarted s
        && s.phase().equals("change"));
  }

  @Test
  void aShDashCWrapIsRefusedAtValidationWithItsPosition() throws IOException {
    run.inventoryTail("box: { container: { host: host-1, wrap: \"sh -c\" } }\n");
    Path plan = Files.writeString(dir.resolve("plan.yml"),
        "name: shc\ntargets: [box]\nstrategy: {canary: 1}\n" + STEPS);
    Path inv = Files.writeString(dir.resolve("inventory.yml"), run.inventory());

    InvalidInputException e = catchThrowableOfType(InvalidInputException.class,
        () -> new PlanFiles(n -> null).load(plan, inv));

    assertThat(e.problems()).singleElement().satisfies(p -> {
      assertThat(p.position().toString()).matches(".*inventory\\.yml:\\d+:\\d+");
      assertThat(p.message()).contains("container.wrap \"sh -c\"", "ends in \"-c\"");
    });
  }

  private Path container(String name) throws IOException {
    Path c = Files.createDirectories(dir.resolve(name));
    Files.writeString(c.resolve("config"), "v1\n");
    return c;
  }
}
