package dev.rollout.engine;

import dev.rollout.transport.CommandResult;
import dev.rollout.transport.Endpoint;
import dev.rollout.transport.RemoteShell;
import dev.rollout.transport.Transport;
import dev.rollout.transport.TransportException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;

/**
 * A transport for engine decision tests: every command is answered by a script from (host,
 * command) to an exit code, and recorded. Real SSH is tested elsewhere, against real servers.
 */
final class FakeTransport implements Transport {

  /** Host and command, as the script sees them. */
  record Call(String host, String command) {}

  private final BiFunction<String, String, Integer> script;
  private final List<Call> calls = new CopyOnWriteArrayList<>();
  private final Map<String, RemoteShell> shells = new ConcurrentHashMap<>();

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
        calls.add(new Call(host, command));
        Integer code = script.apply(host, command);
        if (code == null) {
          throw new TransportException(TransportException.Reason.UNREACHABLE, host, host
              + " does not answer");
        }
        return new CommandResult(code, "", code == 0 ? "" : "failed", Duration.ofMillis(1),
            false);
      }

      @Override
      public void connect() throws TransportException {
        if (script.apply(host, "") == null) {
          throw new TransportException(TransportException.Reason.UNREACHABLE, host, host
              + " does not answer");
        }
      }

      @Override
      public void close() {}
    };
  }

  @Override
  public void close() {}
}
