package dev.rollout.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollout.testfleet.OpenSshServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rollout apply} end to end through the command line against two real OpenSSH servers
 * (Debian's openssh-server), with a hashed known_hosts file as {@code ssh-keygen -H} writes it.
 */
class ApplyOverOpenSshTest {

  @TempDir static Path temp;
  static OpenSshServer web1;
  static OpenSshServer web2;
  static Path key;
  static Path knownHosts;

  @BeforeAll
  static void startServers() throws Exception {
    Assumptions.assumeTrue(OpenSshServer.available(),
        "OpenSSH is not installed (apt-get install openssh-server): " + OpenSshServer.SSHD);
    web1 = OpenSshServer.start(temp.resolve("web-1"), "127.0.12.1");
    web2 = OpenSshServer.start(temp.resolve("web-2"), "127.0.12.2");
    key = OpenSshServer.keygen(temp.resolve("id_ed25519"), "ed25519");
    web1.authorize(Path.of(key + ".pub"));
    web2.authorize(Path.of(key + ".pub"));
    knownHosts = temp.resolve("known_hosts");
    List<String> lines = new ArrayList<>(web1.keyscan());
    lines.addAll(web2.keyscan());
    Files.write(knownHosts, lines);
    OpenSshServer.hashKnownHosts(knownHosts);
  }

  @AfterAll
  static void stopServers() {
    if (web1 != null) {
      web1.close();
    }
    if (web2 != null) {
      web2.close();
    }
  }

  record Result(int code, String out, String err) {}

  Result apply(Path dir, String verify) throws Exception {
    Path state = Files.createDirectories(dir.resolve("hosts"));
    for (String h : List.of("web-1", "web-2")) {
      Files.writeString(Files.createDirectories(state.resolve(h)).resolve("app.conf"), "v1\n");
    }
    Files.writeString(dir.resolve("inventory.yml"), """
        defaults:
          user: %s
          identity: %s
          knownHosts: %s
        hosts:
          web-1: { address: %s, port: %d }
          web-2: { address: %s, port: %d }
        groups:
          web: [web-1, web-2]
        """.formatted(System.getProperty("user.name"), key, knownHosts, web1.address(),
        web1.port(), web2.address(), web2.port()));
    Files.writeString(dir.resolve("plan.yml"), """
        name: app-v2
        targets: web
        vars: { root: "%s" }
        strategy: { canary: 1, soak: 200ms, waves: [100%%], maxParallel: 2 }
        change:
          - run: cp ${vars.root}/${host.name}/app.conf ${vars.root}/${host.name}/app.conf.bak
          - run: echo v2 > ${vars.root}/${host.name}/app.conf
        verify:
          - run: %s
        rollback:
          - run: cp ${vars.root}/${host.name}/app.conf.bak ${vars.root}/${host.name}/app.conf
        health:
          interval: 100ms
          probes:
            - name: sshd answers
              ssh: "true"
        """.formatted(state, verify));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(new String[] {"apply", dir.resolve("plan.yml").toString(), "-i",
        dir.resolve("inventory.yml").toString(), "--yes"}, new PrintWriter(out, true),
        new PrintWriter(err, true));
    return new Result(code, out.toString(), err.toString());
  }

  @Test
  void appliesThePlanToEveryHostOverOpenSsh() throws Exception {
    Path dir = Files.createDirectories(temp.resolve("ok"));

    Result r = apply(dir, "grep -qx v2 ${vars.root}/${host.name}/app.conf");

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(Files.readString(dir.resolve("hosts/web-1/app.conf"))).isEqualTo("v2\n");
    assertThat(Files.readString(dir.resolve("hosts/web-2/app.conf"))).isEqualTo("v2\n");
    assertThat(r.out()).contains("completed, every host healthy", "changed     web-1, web-2");
    assertThat(r.err()).contains("canary started: web-1", "web-2: verifying -> changed");
  }

  @Test
  void rollsBackTheCanaryOverOpenSshWhenVerifyFails() throws Exception {
    Path dir = Files.createDirectories(temp.resolve("fail"));

    Result r = apply(dir, "grep -qx v3 ${vars.root}/${host.name}/app.conf");

    assertThat(r.code()).as(r.err()).isEqualTo(1);
    assertThat(Files.readString(dir.resolve("hosts/web-1/app.conf"))).isEqualTo("v1\n");
    assertThat(Files.readString(dir.resolve("hosts/web-2/app.conf"))).isEqualTo("v1\n");
    assertThat(r.out()).contains("rolled back", "web-1: verify step");
  }
}
