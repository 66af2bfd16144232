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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code rollout apply -i hosts.ini} end to end with an Ansible INI inventory against three real
 * OpenSSH servers: two application hosts named by {@code ansible_host}/{@code ansible_port},
 * reached through a bastion named in {@code ansible_ssh_common_args} ({@code -o ProxyJump=} and
 * {@code -J}), with a variable from {@code group_vars/app.yml}.
 */
class AnsibleInventoryApplyTest {

  @TempDir static Path temp;
  static OpenSshServer bastion;
  static OpenSshServer app1;
  static OpenSshServer app2;
  static Path key;
  static Path knownHosts;

  @BeforeAll
  static void startServers() throws Exception {
    Assumptions.assumeTrue(OpenSshServer.available(),
        "OpenSSH is not installed (apt-get install openssh-server): " + OpenSshServer.SSHD);
    bastion = OpenSshServer.start(temp.resolve("bastion"), "127.0.151.1");
    app1 = OpenSshServer.start(temp.resolve("app1"), "127.0.151.2");
    app2 = OpenSshServer.start(temp.resolve("app2"), "127.0.151.3");
    key = OpenSshServer.keygen(temp.resolve("id_ed25519"), "ed25519");
    List<String> lines = new ArrayList<>();
    for (OpenSshServer s : List.of(bastion, app1, app2)) {
      s.authorize(Path.of(key + ".pub"));
      lines.addAll(s.keyscan());
    }
    knownHosts = Files.write(temp.resolve("known_hosts"), lines);
  }

  @AfterAll
  static void stopServers() {
    for (OpenSshServer s : new OpenSshServer[] {bastion, app1, app2}) {
      if (s != null) {
        s.close();
      }
    }
  }

  record Result(int code, String out, String err) {}

  static Result rollout(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(code, out.toString(), err.toString());
  }

  @Test
  void appliesAPlanThroughTheBastionToHostsOfAnAnsibleIniInventory() throws Exception {
    Path dir = Files.createDirectories(temp.resolve("run"));
    Path state = Files.createDirectories(dir.resolve("hosts"));
    for (String h : List.of("app1", "app2")) {
      Files.writeString(Files.createDirectories(state.resolve(h)).resolve("app.conf"), "v1\n");
    }
    Files.writeString(dir.resolve("hosts.ini"), """
        [bastions]
        bastion ansible_host=%s ansible_port=%d

        [app]
        app1 ansible_host=%s ansible_port=%d ansible_ssh_common_args='-o ProxyJump=bastion -o UserKnownHostsFile=%s'
        app2 ansible_host=%s ansible_port=%d ansible_ssh_common_args="-J bastion -o UserKnownHostsFile=%s"

        [all:vars]
        ansible_user=%s
        ansible_ssh_private_key_file=%s
        rollout_known_hosts=%s
        root=%s
        """.formatted(bastion.address(), bastion.port(), app1.address(), app1.port(), knownHosts,
        app2.address(), app2.port(), knownHosts, System.getProperty("user.name"), key,
        knownHosts, state));
    Files.createDirectories(dir.resolve("group_vars"));
    Files.writeString(dir.resolve("group_vars/app.yml"), "release: v2\n");
    Files.writeString(dir.resolve("plan.yml"), """
        name: app-release
        targets: app
        strategy: { canary: 1, soak: 200ms, waves: [100%], maxParallel: 2 }
        change:
          - run: cp ${vars.root}/${host.name}/app.conf ${vars.root}/${host.name}/app.conf.bak
          - run: echo ${vars.release} > ${vars.root}/${host.name}/app.conf
        verify:
          - run: grep -qx ${vars.release} ${vars.root}/${host.name}/app.conf
        rollback:
          - run: cp ${vars.root}/${host.name}/app.conf.bak ${vars.root}/${host.name}/app.conf
        health:
          interval: 100ms
          probes:
            - name: sshd answers
              ssh: "true"
        """);
    String plan = dir.resolve("plan.yml").toString();
    String inv = dir.resolve("hosts.ini").toString();

    Result preview = rollout("plan", plan, "-i", inv);
    Result r = rollout("apply", plan, "-i", inv, "--yes");

    assertThat(preview.code()).as(preview.err()).isZero();
    assertThat(preview.out()).contains("app1", "app2", "bastion");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(Files.readString(state.resolve("app1/app.conf"))).isEqualTo("v2\n");
    assertThat(Files.readString(state.resolve("app2/app.conf"))).isEqualTo("v2\n");
    assertThat(r.out()).contains("completed, every host healthy", "changed     app1, app2");
    assertThat(Files.readString(temp.resolve("bastion/sshd.log")))
        .as("the bastion carried the connections").contains("Accepted publickey for");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      cycle in children | '[app]\napp1 ansible_host=ADDR ansible_port=PORT\n\n[a:children]\napp\nb\n\n[b:children]\na\n' | :9:1: adding group "a" as a child of "b" forms a cycle: a -> b -> a
      unknown group     | '[app]\napp1 ansible_host=ADDR ansible_port=PORT\n\n[all:children]\napp\ndb\n'            | :6:1: section [all:children] names unknown group "db"
      vault value       | '[app]\napp1 ansible_host=ADDR ansible_port=PORT token=$ANSIBLE_VAULT;1.1;AES256\n'          | :2:1: variable "token" is encrypted with Ansible Vault
      """)
  void refusesABadAnsibleInventoryWithExitTwoAndTouchesNothing(String name, String inventory,
      String message) throws Exception {
    Path dir = Files.createDirectories(temp.resolve(name.replace(' ', '-')));
    Files.writeString(dir.resolve("hosts"), inventory.replace("\\n", "\n")
        .replace("ADDR", app1.address()).replace("PORT", String.valueOf(app1.port())));
    Path marker = dir.resolve("touched");
    Files.writeString(dir.resolve("plan.yml"), """
        name: touch
        targets: app
        change:
          - run: touch %s
        rollback:
          - run: "true"
        """.formatted(marker));

    Result r = rollout("apply", dir.resolve("plan.yml").toString(), "-i",
        dir.resolve("hosts").toString(), "--yes");

    assertThat(r.code()).as(r.err()).isEqualTo(2);
    assertThat(r.err()).contains(dir.resolve("hosts") + message,
        "1 problem(s) in the plan or inventory; nothing was changed");
    assertThat(marker).doesNotExist();
    assertThat(dir.resolve(".rollout")).as("no run was started").doesNotExist();
  }
}
