/**
 * How a command reaches a host: the {@link dev.rollout.transport.RemoteShell} interface, the
 * connection parameters of a host ({@link dev.rollout.transport.Endpoint}) and the one exception
 * type of this layer. The sshj implementation lives in {@code transport.ssh}.
 */
package dev.rollout.transport;
