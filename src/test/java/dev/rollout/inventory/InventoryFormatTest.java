package dev.rollout.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How {@code -i FILE} tells Rollout's own inventory from an Ansible one. */
class InventoryFormatTest {

  @ParameterizedTest(name = "{0}: {2}")
  @CsvSource(delimiter = '|', value = {
      "inventory.yml | 'hosts:\n  a: {address: 10.0.0.1}\n'                 | ROLLOUT",
      "inventory.yml | 'defaults: {user: root}\nhosts: {}\n'                 | ROLLOUT",
      "inventory.yml | 'hosts:\n  a: [\n'                                     | ROLLOUT",
      "inventory.yml | 'hosts:\n  a:\n    address: 10.0.0.1\ngroups:\n  web: [a]\n' | ROLLOUT",
      "hosts.yml     | 'all:\n  hosts:\n    web1:\n'                          | ANSIBLE_YAML",
      "hosts.yml     | 'web:\n  hosts:\n    web1:\ndb:\n  children:\n    x:\n' | ANSIBLE_YAML",
      "hosts.yml     | 'web:\ndb:\n'                                          | ANSIBLE_YAML",
      "hosts         | '[web]\nweb1\n'                                        | ANSIBLE_INI",
      "hosts         | 'mail.example.com\n\n[web]\nfoo.example.com\n'         | ANSIBLE_INI",
      "hosts         | 'web1 ansible_host=10.0.0.1\nweb2\n'                   | ANSIBLE_INI",
      "hosts         | 'web1:2222\n'                                          | ANSIBLE_INI",
      "hosts.ini     | 'all:\n  hosts: {}\n'                                  | ANSIBLE_INI",
      "inventory.yml | 'just some text\n'                                     | ROLLOUT",
      "inventory.yml | '[web]\nweb1\n'                                        | ROLLOUT",
      "hosts         | 'just some text\n'                                     | ANSIBLE_INI",
      "hosts.yml     | 'web: ~\ndb: null\n'                                  | ANSIBLE_YAML",
      "hosts.yml     | 'web: &w\n  hosts:\n    web1:\ndb: *w\n'              | ANSIBLE_YAML",
      "inventory.yml | 'hosts:\n  a: {address: 10.0.0.1}\nhosts: {}\n'      | ROLLOUT",
  })
  void tellsTheFormatFromTheContent(String file, String text, InventoryFormat expected) {
    assertThat(InventoryFormat.of(file, text)).isEqualTo(expected);
    // told from the tree the loader then loads (read once), it is the same format
    assertThat(InventoryFormat.tell(file, text).format()).isEqualTo(expected);
  }
}
