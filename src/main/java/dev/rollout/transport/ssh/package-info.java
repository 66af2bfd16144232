/**
 * The sshj implementation of the transport: one shared SSH connection per host (and per jump host),
 * host keys checked against an OpenSSH known_hosts file, public-key authentication, and connection
 * attempts retried with backoff when the failure is transient.
 */
package dev.rollout.transport.ssh;
