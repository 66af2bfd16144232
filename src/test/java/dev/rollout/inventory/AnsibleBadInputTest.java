package dev.rollout.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.rollout.inventory.ansible.VarsTree;
import dev.rollout.source.InvalidInputException;
import dev.rollout.source.Problem;
import dev.rollout.source.Problems;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Ansible inventories that Rollout refuses, each with file, line and column and what is wrong. */
class AnsibleBadInputTest {

  private final InventoryLoader loader = new InventoryLoader(n -> null);

  private List<String> problems(String file, String text) {
    InvalidInputException e = catchThrowableOfType(InvalidInputException.class,
        () -> loader.load(file, text));
    assertThat(e).as("refused").isNotNull();
    return e.problems().stream().map(Problem::format).toList();
  }

  @Test
  void refusesAChildGroupThatIsNeverDefined() {
    assertThat(problems("hosts", """
        [world:children]
        europe
        americas

        [europe]
        paris1
        """)).containsExactly("hosts:3:1: section [world:children] names unknown group"
        + " \"americas\" (define it with a [americas] section, even an empty one)");
  }

  @Test
  void refusesAVarsSectionForAGroupThatIsNeverDefined() {
    assertThat(problems("hosts", "[web]\nweb1\n[db:vars]\nport=5432\n")).singleElement()
        .asString().startsWith("hosts:3:1: section [db:vars] is for group \"db\", which is not"
            + " defined");
  }

  @Test
  void refusesACycleInYamlChildren() {
    assertThat(problems("hosts.yml", """
        all:
          children:
            a:
              children:
                b:
                  children:
                    a:
                      hosts:
                        h1:
        """)).singleElement().asString().startsWith("hosts.yml:5:9: adding group \"b\" as a"
        + " child of \"a\" forms a cycle: b -> a -> b");
  }

  @Test
  void refusesAGroupThatIsItsOwnChild() {
    assertThat(problems("hosts", "[a]\nh1\n[a:children]\na\n")).singleElement().asString()
        .startsWith("hosts:4:1: group \"a\" cannot be a child of itself");
  }

  @Test
  void refusesAVaultTaggedValueNamingTheVariable() {
    assertThat(problems("hosts.yml", """
        all:
          hosts:
            db1:
              db_password: !vault |
                $ANSIBLE_VAULT;1.1;AES256
                62313365396662343061393464336163383764373764613633653634306231386433626436623361
          vars:
            ok: fine
        """)).singleElement().asString().startsWith("hosts.yml:4:7: variable \"db_password\""
        + " is encrypted with Ansible Vault (Rollout does not read Ansible Vault");
  }

  @Test
  void refusesVaultTextInAnIniValueNamingTheVariable() {
    assertThat(problems("hosts", "[db]\ndb1 secret='$ANSIBLE_VAULT;1.1;AES256'\n"))
        .singleElement().asString()
        .startsWith("hosts:2:1: variable \"secret\" is encrypted with Ansible Vault");
  }

  @Test
  void refusesAnEncryptedVarsFileAndAVaultValueInAVarsFile() {
    VarsTree tree = new VarsTree(Map.of(
        "group_vars/all.yml", "$ANSIBLE_VAULT;1.1;AES256\n6231336539\n".getBytes(
            StandardCharsets.UTF_8),
        "host_vars/db1.yml", "port: 1\ntoken: !vault |\n  $ANSIBLE_VAULT;1.1;AES256\n  62\n"
            .getBytes(StandardCharsets.UTF_8)), Set.of("group_vars", "host_vars"));
    Problems p = new Problems();

    loader.load("inv/hosts", "[db]\ndb1\n", tree, p);

    assertThat(p.sorted()).extracting(Problem::format).containsExactly(
        "inv/group_vars/all.yml:1:1: the file is encrypted with Ansible Vault (Rollout does not"
            + " read Ansible Vault; take the secret from the controller's environment with"
            + " \"{{ lookup('env', 'NAME') }}\", which Rollout reads as a secret)",
        "inv/host_vars/db1.yml:2:1: variable \"token\" is encrypted with Ansible Vault (Rollout"
            + " does not read Ansible Vault; take the secret from the controller's environment"
            + " with \"{{ lookup('env', 'NAME') }}\", which Rollout reads as a secret)");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "web[1:]           | hosts:2:1: host range must specify end value",
      "web[01:5]         | hosts:2:1: host range must specify equal-length begin and end formats",
      "web[c:a]          | hosts:2:1: host range must have begin <= end",
      "web[1:x]          | hosts:2:1: host range bound \"x\"",
      "web[1:2:3:4]      | hosts:2:1: host range must be begin:end or begin:end:step",
      "web1:             | hosts:2:1: invalid host pattern \"web1:\"",
      "web1 port         | hosts:2:1: expected key=value after the host name, found \"port\"",
      "web1 a='unclosed  | hosts:2:1: cannot read host line: no closing quotation",
      "n[0:999][0:999]   | hosts:2:1: host range \"n[0:999][0:999]\" makes more than 100000",
  })
  void refusesABadHostLineWithItsLine(String line, String message) {
    assertThat(problems("hosts", "[web]\n" + line + "\n")).singleElement().asString()
        .startsWith(message);
  }

  @Test
  void refusesAnUnknownSectionTypeAndAMalformedHeader() {
    assertThat(problems("hosts", "[web:hostvars]\nweb1\n[bad group]\n")).containsExactly(
        "hosts:1:1: section [web:hostvars] has unknown type \"hostvars\" (use [web], [web:vars]"
            + " or [web:children])",
        "hosts:3:1: invalid section header [bad group] (a section is [name], [name:vars] or"
            + " [name:children], with no spaces in it)");
  }

  @Test
  void refusesADynamicInventoryPluginConfiguration() {
    assertThat(problems("aws_ec2.yml", "plugin: amazon.aws.aws_ec2\nall:\n  hosts: {}\n"))
        .singleElement().asString().startsWith("aws_ec2.yml:1:1: this is an inventory plugin's"
            + " configuration (dynamic inventory), which Rollout does not run");
  }

  @Test
  void refusesAYamlSyntaxErrorWithItsPosition() {
    assertThat(problems("hosts.yml", "all:\n  hosts:\n    web1: {a: [1, 2}\n")).singleElement()
        .asString().startsWith("hosts.yml:3:").contains("YAML syntax error");
  }
}
