package dev.rollout.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollout.engine.Event.HostFailed;
import dev.rollout.engine.FailureClass;
import dev.rollout.plan.Strategy.OnFailure;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A notification's text shows control characters from the plan or a host as escapes. */
class WordingEscapesTest {

  @Test
  void aWebhooksTextShowsTheEscapesOfAPlanNameAndAHostsReason() {
    Notification n = new Wording("r1", "plan\u001b[2J", OnFailure.ROLLBACK).failed(
        new HostFailed(Instant.EPOCH, "web-1", FailureClass.UNHEALTHY,
            "exit 1: \u0007\u202e\nfake line", 1), "canary");

    assertThat(n.text()).doesNotContain("\u001b", "\u0007", "\u202e", "\n")
        .contains("rollout plan\\x1b[2J run r1", "exit 1: \\x07\\u202e\\x0afake line");
  }
}
