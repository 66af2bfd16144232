/**
 * A fleet of real SSH servers for tests: in-process Apache MINA sshd hosts on 127.0.0.x with
 * sandboxes, HTTP health endpoints and faults ({@link dev.rollout.testfleet.TestFleet}), and a
 * launcher for the real OpenSSH server ({@link dev.rollout.testfleet.OpenSshServer}).
 */
package dev.rollout.testfleet;
