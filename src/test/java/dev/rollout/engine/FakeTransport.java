package dev.rollout.engine;

import dev.rollout.transport.CommandResult;
import dev.rollout.transport.Endpoint;
import dev.rollout.transport.RemoteShell;
import dev.rollout.transport.Transport;
import dev.rollout.transport.TransportException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * A transport for engine decision tests: every command is answered by a script from (host,
 * command) to an exit code, and recorded. Real SSH is tested elsewhere, against real servers. A
 * wrapped shell (a container, a console path) is named as the fleet names it ({@code web-c1},
 * {@code a~console}) and answers only while its carrier host answers too. A host in {@link
 * #refusing} refuses every connection with that reason (a changed host key, say).
 */
final class FakeTransport implements Transport {

  /** Host and command, as the script sees them. */
  record Call(String host, String command) {}

  private final BiFunction<String, String, Integer> script;
  private final List<Call> calls = new CopyOnWriteArrayList<>();
  private final Map<String, RemoteShell> shells = new ConcurrentHashMap<>();
  private final Map<String, String> carriers = new ConcurrentHashMap<>();
  /**
   * The time, to measure how long each command took (on virtual time, what passed while it
   * ran); without it every command takes 1 ms.
   */
  volatile Supplier<Instant> now;
  /** Hosts that refuse every connection, and why. */
  final Map<String, TransportException.Reason> refusing = new ConcurrentHashMap<>();

  FakeTransport(BiFunction<String, String, Integer> script) {
    this.script = script;
  }

  List<Call> calls() {
    return List.copyOf(calls);
  }

  @Override
  public RemoteShell shell(Endpoint endpoint) {
    return shells.computeIfAbsent(endpoint.name(), this::shellFor);
  }

  @Override
  public RemoteShell wrapped(String name, Endpoint carrier, String wrap) {
    carriers.put(name, carrier.name());
    return shells.computeIfAbsent(name, this::shellFor);
  }

  private RemoteShell shellFor(String host) {
    return new RemoteShell() {
      @Override
      public String hostName() {
        return host;
      }

      @Override
      public CommandResult run(String command, Duration timeout) throws TransportException {
        answers(host);
        calls.add(new Call(host, command));
        Supplier<Instant> clock = now;
        Instant start = clock == null ? null : clock.get();
        Integer code = script.apply(host, command);
        if (code == null) {
          throw new TransportException(TransportException.Reason.UNREACHABLE, host, host
              + " does not answer");
        }
        Duration took = clock == null ? Duration.ofMillis(1) : Duration.between(start, clock.get());
        return new CommandResult(code, "", code == 0 ? "" : "failed", took, false);
      }

      @Override
      public void connect() throws TransportException {
        answers(host);
        if (script.apply(host, "") == null) {
          throw new TransportException(TransportException.Reason.UNREACHABLE, host, host
              + " does not answer");
        }
      }

      @Override
      public void close() {}
    };
  }

  /** Throws when the host refuses connections or its carrier does not answer. */
  private void answers(String host) throws TransportException {
    TransportException.Reason refused = refusing.get(host);
    if (refused != null) {
      throw new TransportException(refused, host, host + " refused the connection: " + refused);
    }
    String carrier = carriers.get(host);
    if (carrier != null) {
      answers(carrier);
      if (script.apply(carrier, "") == null) {
        throw new TransportException(TransportException.Reason.UNREACHABLE, host, carrier
            + " (carrier of " + host + ") does not answer");
      }
    }
  }

  @Override
  public void close() {}
}
