package dev.rollout.transport.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollout.testfleet.TestFleet;
import dev.rollout.testfleet.TestHost;
import dev.rollout.transport.Endpoint;
import dev.rollout.transport.RemoteShell;
import dev.rollout.transport.TransportException;
import dev.rollout.transport.TransportException.Reason;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ShellRoutingTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  @RegisterExtension final TestFleet fleet = TestFleet.withHosts(3);

  private final SshTransport transport = new SshTransport(TestPolicies.FAST, n -> null);

  @AfterEach
  void closeTransport() {
    transport.close();
  }

  @Test
  void reachesAHostThroughAChainOfTwoJumpHostsSharingTheirConnections() throws Exception {
    Endpoint first = fleet.host(1).endpoint();
    Endpoint second = via(fleet.host(2).endpoint(), first);
    Endpoint third = via(fleet.host(3).endpoint(), second);

    assertThat(transport.shell(third).run("echo $HOST_NAME", TIMEOUT).stdout())
        .isEqualTo("host-3\n");
    assertThat(transport.shell(first).run("echo $HOST_NAME", TIMEOUT).stdout())
        .isEqualTo("host-1\n");
    assertThat(transport.shell(second).run("echo $HOST_NAME", TIMEOUT).stdout())
        .isEqualTo("host-2\n");

    assertThat(fleet.hosts()).allSatisfy(h -> assertThat(h.connectionCount()).isEqualTo(1));
  }

  @Test
  void aConnectionDroppedMidCommandIsOutcomeUnknownAndTheNextCommandReconnects() throws Exception {
    TestHost host = fleet.host(1);
    host.dropConnectionOn("deploy-now");
    RemoteShell shell = transport.shell(host.endpoint());

    TransportException e = TestPolicies.failure(() -> shell.run("echo deploy-now", TIMEOUT));

    assertThat(e.reason()).isEqualTo(Reason.OUTCOME_UNKNOWN);
    assertThat(e.getMessage()).contains("host-1", "127.0.0.2:" + host.sshPort());
    assertThat(host.commandLog()).singleElement().asString()
        .endsWith(" rollout 'echo deploy-now'");
    assertThat(shell.run("echo after", TIMEOUT).stdout()).isEqualTo("after\n");
  }

  @Test
  void aWrappedShellRunsTheCommandInsideTheWrap() throws Exception {
    RemoteShell container = transport.wrapped("c1", fleet.host(1).endpoint(), "env CONTAINER=c1");

    assertThat(container.hostName()).isEqualTo("c1");
    assertThat(container.run("echo \"$CONTAINER-$HOST_NAME it's\"", TIMEOUT).stdout())
        .isEqualTo("c1-host-1 it's\n");
    assertThat(fleet.host(1).commandLog()).singleElement().asString()
        .contains("'\\''env'\\'' '\\''CONTAINER=c1'\\'' sh -c ");
  }

  @Test
  void aHostileWrapCannotInjectACommand() throws Exception {
    TestHost host = fleet.host(1);
    RemoteShell hostile = transport.wrapped("c2", host.endpoint(),
        "docker exec web-1; touch injected; env X='; touch quoted; '");

    assertThat(hostile.run("true", TIMEOUT).succeeded()).isFalse();
    assertThat(host.sandbox().resolve("injected")).doesNotExist();
    assertThat(host.sandbox().resolve("quoted")).doesNotExist();
  }

  @Test
  void becomeRunsTheCommandThroughSudoNonInteractively() throws Exception {
    TestHost host = fleet.host(1);
    fakeSudo(host, "printf '%s|' \"$@\" > sudo-args; [ \"$1\" = -n ] && shift; exec \"$@\"");

    String out = transport.shell(become(host)).run("echo \"as root\"", TIMEOUT).stdout();

    assertThat(out).isEqualTo("as root\n");
    assertThat(Files.readString(host.sandbox().resolve("sudo-args")))
        .startsWith("-n|sh|-c|").endsWith("|rollout|echo \"as root\"|");
  }

  @Test
  void sudoAskingForAPasswordIsReportedAsSuch() throws Exception {
    TestHost host = fleet.host(1);
    fakeSudo(host, "echo 'sudo: a password is required' >&2; exit 1");

    TransportException e =
        TestPolicies.failure(() -> transport.shell(become(host)).run("touch done", TIMEOUT));

    assertThat(e.reason()).isEqualTo(Reason.SUDO_PASSWORD_REQUIRED);
    assertThat(e.getMessage()).contains("host-1", "sudo", "password");
    assertThat(host.commandLog()).singleElement().asString()
        .startsWith("sudo -n sh -c '").endsWith(" rollout 'touch done'");
    assertThat(host.sandbox().resolve("done")).doesNotExist();
  }

  private static void fakeSudo(TestHost host, String body) throws Exception {
    Path sudo = host.sandbox().resolve("bin/sudo");
    Files.writeString(sudo, "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(sudo, PosixFilePermissions.fromString("rwx------"));
  }

  private static Endpoint become(TestHost host) {
    Endpoint e = host.endpoint();
    return new Endpoint(e.name(), e.address(), e.port(), e.user(), e.identity(),
        e.passphraseEnv(), e.knownHosts(), e.hostKeys(), true, e.via());
  }

  private static Endpoint via(Endpoint e, Endpoint jump) {
    return new Endpoint(e.name(), e.address(), e.port(), e.user(), e.identity(),
        e.passphraseEnv(), e.knownHosts(), e.hostKeys(), e.become(), jump);
  }
}
