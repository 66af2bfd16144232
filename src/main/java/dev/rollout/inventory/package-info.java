/**
 * The inventory: hosts and containers, their connection settings, labels, variables and what they
 * serve; groups; and the selection of targets by group, list or label selector. Loading validates
 * every host reference, jump-host chain and setting, and reports each problem with its position.
 * An Ansible inventory (INI or YAML) may stand in for Rollout's own ({@link
 * dev.rollout.inventory.InventoryFormat}); its connection and {@code rollout_*} variables become
 * host fields ({@code AnsibleHostReader}).
 */
package dev.rollout.inventory;
