package dev.rollout.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.rollout.source.InvalidInputException;
import dev.rollout.source.Problem;
import dev.rollout.transport.HostKeyPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How the variables of an Ansible host become the fields of a Rollout host. */
class AnsibleHostFieldsTest {

  private final InventoryLoader loader = new InventoryLoader(
      n -> n.equals("DB_TOKEN") ? "s3cret" : null);

  /** Loads {@code file}; the key files a corpus inventory names need not exist here. */
  private Inventory load(Path file) throws Exception {
    dev.rollout.source.Problems problems = new dev.rollout.source.Problems();
    Inventory inv = loader.load(file.toString(), Files.readString(file), problems);
    assertThat(problems.sorted()).extracting(Problem::format)
        .filteredOn(p -> !p.contains("does not exist (named for")).isEmpty();
    return inv;
  }

  private List<String> problems(String file, String text) {
    InvalidInputException e = catchThrowableOfType(InvalidInputException.class,
        () -> loader.load(file, text));
    assertThat(e).as("refused").isNotNull();
    return e.problems().stream().map(Problem::format).toList();
  }

  @Test
  void connectionVariablesSetAddressPortUserKeyJumpHostAndBecome() throws Exception {
    Inventory inv = load(AnsibleOracleTest.CORPUS.resolve("17-connection-vars/hosts.ini"));

    Host app1 = inv.host("app1").orElseThrow();
    assertThat(app1.address()).isEqualTo("10.0.0.11");
    assertThat(app1.port()).isEqualTo(2222);
    assertThat(app1.user()).isEqualTo("deploy");
    assertThat(app1.identity()).isEqualTo("~/.ssh/deploy_ed25519");
    assertThat(app1.become()).isTrue();
    assertThat(app1.via()).isNull();
    assertThat(app1.labels()).isEqualTo(Map.of("role", "app", "tier", "backend"));
    assertThat(app1.serves()).containsExactly("app.example.net");
    assertThat(app1.vars()).containsOnlyKeys("url");
    assertThat(inv.host("app2").orElseThrow().via()).isEqualTo("bastion");
    assertThat(inv.host("app3").orElseThrow().via()).as("-J jump@ADDRESS names the bastion by"
        + " its ansible_host").isEqualTo("bastion");
    Host bastion = inv.host("bastion").orElseThrow();
    assertThat(bastion.address()).isEqualTo("203.0.113.5");
    assertThat(bastion.port()).isEqualTo(22);
    assertThat(bastion.become()).isFalse();
    Host container = inv.host("web-c1").orElseThrow();
    assertThat(container.container()).isEqualTo(new Route("app1", "docker exec web-1"));
    assertThat(container.address()).isNull();
    assertThat(inv.groups().get("all")).containsExactly("bastion", "app1", "app2", "app3",
        "web-c1");
  }

  @Test
  void aHostWithoutAnsibleHostIsReachedAtItsNameWithRolloutsDefaults() throws Exception {
    Inventory inv = loader.load("hosts", "web1.example.net\n");

    Host h = inv.host("web1.example.net").orElseThrow();
    assertThat(h.address()).isEqualTo("web1.example.net");
    assertThat(h.port()).isEqualTo(22);
    assertThat(h.hostKeys()).isEqualTo(HostKeyPolicy.STRICT);
    assertThat(h.knownHosts()).isEqualTo("~/.ssh/known_hosts");
    assertThat(inv.groups().get("ungrouped")).containsExactly("web1.example.net");
  }

  @Test
  void aJumpHostOutsideTheInventoryBecomesAHostOfItsOwnAndChainsLeadToOneAnother()
      throws Exception {
    Inventory inv = loader.load("hosts", """
        [app]
        app1 ansible_host=10.0.0.1 ansible_ssh_common_args='-o ProxyJump=ops@gw.example.net:2222,inner.example.net'
        """);

    Host app1 = inv.host("app1").orElseThrow();
    assertThat(app1.via()).isEqualTo("inner.example.net");
    Host inner = inv.host("inner.example.net").orElseThrow();
    assertThat(inner.via()).isEqualTo("gw.example.net-2222");
    Host gw = inv.host("gw.example.net-2222").orElseThrow();
    assertThat(gw.address()).isEqualTo("gw.example.net");
    assertThat(gw.port()).isEqualTo(2222);
    assertThat(gw.user()).isEqualTo("ops");
    assertThat(gw.via()).isNull();
    assertThat(inv.jumpChain(app1)).extracting(Host::name)
        .containsExactly("gw.example.net-2222", "inner.example.net");
    assertThat(inv.groups().get("all")).containsExactly("app1");
  }

  @Test
  void knownHostsAndAcceptNewComeFromTheSshArgumentsOrRolloutsOwnVariables() throws Exception {
    Inventory inv = loader.load("hosts", """
        a ansible_ssh_common_args="-o UserKnownHostsFile=/etc/ssh/fleet_known_hosts -o StrictHostKeyChecking=accept-new"
        b rollout_known_hosts=/srv/known rollout_host_keys=accept-new
        """);

    assertThat(inv.host("a").orElseThrow().knownHosts()).isEqualTo("/etc/ssh/fleet_known_hosts");
    assertThat(inv.host("a").orElseThrow().hostKeys()).isEqualTo(HostKeyPolicy.ACCEPT_NEW);
    assertThat(inv.host("b").orElseThrow().knownHosts()).isEqualTo("/srv/known");
    assertThat(inv.host("b").orElseThrow().hostKeys()).isEqualTo(HostKeyPolicy.ACCEPT_NEW);
  }

  @Test
  void refusesSshArgumentsThatWouldTrustAnyKeyOrGoAnotherWay() {
    assertThat(problems("hosts", """
        a ansible_ssh_common_args='-o StrictHostKeyChecking=no'
        b ansible_ssh_extra_args='-o UserKnownHostsFile=/dev/null'
        c ansible_ssh_common_args='-o ProxyCommand="ssh -W %h:%p gw"'
        """)).satisfiesExactly(
            p -> assertThat(p).startsWith("hosts:1:1: ansible_ssh_common_args:"
                + " StrictHostKeyChecking=no would trust any host key"),
            p -> assertThat(p).startsWith("hosts:2:1: ansible_ssh_extra_args:"
                + " UserKnownHostsFile=/dev/null turns host key checking off"),
            p -> assertThat(p).startsWith("hosts:3:1: ansible_ssh_common_args: ProxyCommand is"
                + " not supported"));
  }

  @Test
  void refusesBecomingAnotherUserThanRootAndPasswordsWrittenInTheInventory() {
    assertThat(problems("hosts", """
        [db]
        db1 ansible_become=yes ansible_become_user=postgres
        db2 ansible_become_password=hunter2
        """)).satisfiesExactly(
            p -> assertThat(p).startsWith("hosts:2:1: host db1: ansible_become_user"
                + " \"postgres\" is not supported"),
            p -> assertThat(p).startsWith("hosts:3:1: ansible_become_password is a password"
                + " written in the inventory").doesNotContain("hunter2"));
  }

  @Test
  void anEnvironmentLookupIsASecretTakenFromTheControllersEnvironment() throws Exception {
    Inventory inv = loader.load("hosts.yml", """
        all:
          hosts:
            db1:
              token: "{{ lookup('env', 'DB_TOKEN') }}"
              plain: "{{ other }}"
        """);

    Var token = inv.host("db1").orElseThrow().vars().get("token");
    assertThat(token.secret()).isTrue();
    assertThat(token.value()).isEqualTo("s3cret");
    assertThat(token.shown()).isEqualTo("****");
    assertThat(inv.host("db1").orElseThrow().vars().get("plain").value())
        .isEqualTo("{{ other }}");
  }

  @Test
  void refusesRolloutFieldsOfTheWrongShapeAndAnUnknownJumpHostName() {
    assertThat(problems("hosts.yml", """
        all:
          hosts:
            a:
              rollout_labels: web
              rollout_console: {host: a}
            b:
              ansible_port: high
        """)).satisfiesExactly(
            p -> assertThat(p).startsWith("hosts.yml:4:7: rollout_labels must be a map"),
            p -> assertThat(p).startsWith("hosts.yml:5:7: rollout_console must be a map of host"
                + " and wrap"),
            p -> assertThat(p).startsWith("hosts.yml:7:7: ansible_port \"high\" is not a port"));
  }

  @Test
  void refusesAnUnknownRolloutVariableWithTheClosestName() {
    assertThat(problems("hosts", "[web]\nweb1 rollout_label=x\n")).singleElement().asString()
        .isEqualTo("hosts:2:1: unknown Rollout variable \"rollout_label\" (did you mean"
            + " \"rollout_labels\"?)");
  }

  @Test
  void aContainerIgnoresTheJumpHostItsGroupSetsAndIsReachedThroughItsCarrier() throws Exception {
    Inventory inv = loader.load("hosts", """
        [all:vars]
        ansible_ssh_common_args='-J bastion'
        [hosts]
        bastion ansible_ssh_common_args=''
        node1
        web-c1 rollout_container="{'host': 'node1', 'wrap': 'docker exec web-1'}"
        """);

    assertThat(inv.host("node1").orElseThrow().via()).isEqualTo("bastion");
    assertThat(inv.host("web-c1").orElseThrow().via()).isNull();
    assertThat(inv.host("bastion").orElseThrow().via()).isNull();
  }

  @Test
  void becomePasswordFromAnEnvironmentLookupIsSudosPasswordAndASecret(@org.junit.jupiter.api.io
      .TempDir Path dir) throws Exception {
    Path file = dir.resolve("hosts.ini");
    Files.writeString(file, "[app]\napp1 ansible_host=10.0.0.11 ansible_become=true"
        + " ansible_become_password=\"{{ lookup('env', 'DB_TOKEN') }}\"\n");

    Host app1 = load(file).host("app1").orElseThrow();

    assertThat(app1.becomePassword().value()).isEqualTo("s3cret");
    assertThat(app1.becomePassword().env()).isEqualTo("DB_TOKEN");
    assertThat(app1.becomePassword().toString()).doesNotContain("s3cret");
  }

  @Test
  void becomePasswordFromAnUnsetVariableIsRefusedWhereItIsWritten() {
    assertThat(problems("hosts.ini", "[app]\napp1 ansible_become=true"
        + " ansible_become_password=\"{{ lookup('env', 'NOPE') }}\"\n"))
        .anyMatch(p -> p.startsWith("hosts.ini:2:") && p.contains("NOPE")
            && p.contains("not set"));
  }
}
