/**
 * OpenSSH client configuration ({@code ~/.ssh/config}, {@code -F FILE}) read the way OpenSSH 9.2's
 * readconf.c reads it, for the keywords Rollout acts on: first obtained value wins, {@code Host}
 * and {@code Match} blocks, {@code Include}, %-tokens. Pure Java: nothing here connects or runs.
 */
package dev.rollout.transport.ssh.config;
