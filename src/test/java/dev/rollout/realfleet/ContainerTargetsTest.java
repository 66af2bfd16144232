package dev.rollout.realfleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.images.ImagePullPolicy;
import org.testcontainers.utility.DockerImageName;

/**
 * Container targets, {@code container: {host: node-1, wrap: docker exec web-cN}}, on a real
 * dockerd: node-1's private daemon, whose service containers Testcontainers starts and stops
 * (Ryuk disabled, since its image cannot be pulled here; pull policy never, on the locally
 * imported busybox image). Every command reaches the containers through node-1's SSH and
 * {@code docker exec}; the test reads their files back through Testcontainers.
 */
class ContainerTargetsTest {

  @RegisterExtension static final RealFleet FLEET = RealFleet.docker(1, "127.0.155.41");

  /** Never pull: the image was made here with {@code docker import}. */
  private static final ImagePullPolicy NEVER = image -> false;

  @TempDir Path dir;
  private final List<GenericContainer<?>> containers = new java.util.ArrayList<>();

  @BeforeEach
  void startContainers() {
    PrivateDockerStrategy.use(FLEET.host(1).dockerHost());
    for (String name : List.of("web-c1", "web-c2")) {
      GenericContainer<?> c = new GenericContainer<>(DockerImageName.parse("local/busybox:1"))
          .withImagePullPolicy(NEVER)
          .withNetworkMode("none")
          .withCreateContainerCmdModifier(cmd -> cmd.withName(name))
          .withCommand("sh", "-c", "mkdir -p /srv && echo v1 > /srv/config && exec sleep 3600");
      c.start();
      containers.add(c);
    }
  }

  @AfterEach
  void stopContainers() {
    containers.forEach(GenericContainer::stop);
  }

  @Test
  void changesEveryContainerThroughDockerExecOnItsHost() throws Exception {
    Rollout.Result r = apply("grep -qx v2 /srv/config");

    assertThat(r.code()).as(r.toString()).isZero();
    for (GenericContainer<?> c : containers) {
      assertThat(c.execInContainer("cat", "/srv/config").getStdout()).isEqualTo("v2\n");
      assertThat(c.isRunning()).isTrue();
    }
  }

  @Test
  void rollsTheCanaryContainerBackWhenItsVerifyFailsAndLeavesTheOtherAsItWas() throws Exception {
    Rollout.Result r = apply("grep -qx v3 /srv/config");

    assertThat(r.code()).as(r.toString()).isEqualTo(1);
    assertThat(containers.get(0).execInContainer("cat", "/srv/config").getStdout())
        .isEqualTo("v1\n");
    assertThat(containers.get(0).execInContainer("cat", "/srv/config.bak").getExitCode())
        .isZero();
    assertThat(containers.get(1).execInContainer("ls", "/srv").getStdout()).isEqualTo("config\n");
  }

  private Rollout.Result apply(String verify) throws Exception {
    RealHost node = FLEET.host(1);
    Path inventory = Files.writeString(dir.resolve("inventory.yml"), """
        defaults:
          user: root
          identity: %s
          knownHosts: %s
        hosts:
          node-1: { address: %s }
          web-c1: { container: { host: node-1, wrap: docker exec web-c1 } }
          web-c2: { container: { host: node-1, wrap: docker exec web-c2 } }
        groups:
          web: [web-c1, web-c2]
        """.formatted(FLEET.clientKey(), FLEET.knownHosts(), node.address()));
    Path plan = Files.writeString(dir.resolve("plan.yml"), """
        name: containers
        targets: web
        strategy: { canary: 1, soak: 300ms, waves: [100%%] }
        change:
          - run: cp /srv/config /srv/config.bak
          - run: echo v2 > /srv/config
        verify:
          - run: %s
        rollback:
          - run: if [ -e /srv/config.bak ]; then cp /srv/config.bak /srv/config; fi
        health:
          interval: 200ms
          probes:
            - name: the container answers
              ssh: test -e /srv/config
        """.formatted(verify));
    return Rollout.run("apply", plan.toString(), "-i", inventory.toString(), "--yes", "--state",
        dir.resolve("state").toString());
  }
}
