/**
 * The embedded fleet of {@code rollout demo}: SSH servers (Apache MINA sshd) with a sandbox
 * directory each, health endpoints and keys, all inside this process. Also the building blocks of
 * the test fleet.
 */
package dev.rollout.demo;
