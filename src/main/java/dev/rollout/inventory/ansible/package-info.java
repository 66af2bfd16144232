/**
 * Ansible inventories as Ansible itself reads them: the INI and YAML formats, host patterns with
 * ranges, groups with children, {@code group_vars/} and {@code host_vars/}, and each host's
 * variables resolved in Ansible's order ({@link dev.rollout.inventory.ansible.AnsibleLoader}).
 * What those variables mean to Rollout is decided in {@code dev.rollout.inventory}. Ansible Vault
 * is refused; dynamic inventory is not run.
 */
package dev.rollout.inventory.ansible;
