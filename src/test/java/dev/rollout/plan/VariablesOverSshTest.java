package dev.rollout.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollout.testfleet.TestFleet;
import dev.rollout.transport.CommandResult;
import dev.rollout.transport.RemoteShell;
import dev.rollout.transport.ssh.SshTransport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The preamble travels inside the command: rendered commands with hostile values, sent over SSH
 * (in-process MINA sshd, whose sessions run the host's real {@code /bin/sh}) to a container
 * path, through a wrap and the channel leash, write the values byte for byte and run nothing.
 */
class VariablesOverSshTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(20);
  private static final List<String> SHAPES = List.of(
      "printf %s ${vars.X} > ${vars.OUT}",
      "printf %s \"$(printf %s \"${vars.X}\"; printf .)\" > ${vars.OUT}",
      "cat > ${vars.OUT} <<EOF\n${vars.X}\nEOF");

  @RegisterExtension final TestFleet fleet = TestFleet.withHosts(1);

  private final SshTransport transport = new SshTransport();

  @AfterEach
  void closeTransport() {
    transport.close();
  }

  @Test
  void hostileValuesReachACommandThroughAWrapByteForByte(@TempDir Path dir) throws Exception {
    RemoteShell container = transport.wrapped("c1", fleet.host(1).endpoint(), "env IN=c1");
    Random random = new Random(20261202L);
    for (int n = 0; n < 30; n++) {
      String shape = SHAPES.get(n % SHAPES.size());
      String x = TemplateQuotingPropertyTest.hostile(random).replace("PWNED", dir + "/PWNED");
      Path out = dir.resolve("out-" + n);
      Map<String, String> values = Map.of("X", x, "OUT", out.toString());
      assertThat(Template.refusals(shape)).isEmpty();

      CommandResult r = container.run(Template.command(shape, ref -> values.get(ref.key())),
          TIMEOUT);

      assertThat(r.exitCode()).as("exit of %s; stderr %s", shape, r.stderr()).isZero();
      String expected = shape.contains("printf .") ? x + "." : shape.contains("EOF") ? x + "\n"
          : x;
      assertThat(Files.readAllBytes(out)).as("bytes of [%s] via %s", x, shape)
          .isEqualTo(expected.getBytes(StandardCharsets.UTF_8));
      assertThat(dir.resolve("PWNED")).as("made by [%s]", x).doesNotExist();
    }
    assertThat(fleet.host(1).commandLog()).hasSize(30)
        .allSatisfy(c -> assertThat(c).contains("env").contains("IN=c1").contains("sh -c"));
  }
}
