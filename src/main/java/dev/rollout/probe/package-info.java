/**
 * Health probes and the judgement of health over time. A {@link dev.rollout.probe.Probe} checks one
 * thing once (an HTTP endpoint, a TCP port, a command on the host, a command on the controller) and
 * answers with a {@link dev.rollout.probe.ProbeResult}; {@link dev.rollout.probe.HostHealth}
 * turns a host's stream of results into sustained health changes; {@link
 * dev.rollout.probe.HealthMonitor} runs the probes of each watched host on a schedule and takes the
 * preflight baseline. This package knows the transport interface but no plan model: probes are
 * built from resolved definitions.
 */
package dev.rollout.probe;
