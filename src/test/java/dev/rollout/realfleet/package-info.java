/**
 * The incident's own systems, for real: a fleet of Debian's OpenSSH servers on 127.0.155.x and
 * 127.0.156.x, each in its own mount namespace with its own private dockerd, service container
 * (busybox httpd from a locally imported image) and nginx, with a {@code systemctl} shim for
 * their sessions ({@link dev.rollout.realfleet.RealFleet}); and an LXC "hypervisor" whose
 * containers are further targets with {@code lxc-attach} as their console.
 */
package dev.rollout.realfleet;
