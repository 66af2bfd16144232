/**
 * The inventory: hosts and containers, their connection settings, labels, variables and what they
 * serve; groups; and the selection of targets by group, list or label selector. Loading validates
 * every host reference, jump-host chain and setting, and reports each problem with its position.
 */
package dev.rollout.inventory;
