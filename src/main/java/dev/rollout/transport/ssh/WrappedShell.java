package dev.rollout.transport.ssh;

import dev.rollout.transport.CommandResult;
import dev.rollout.transport.RemoteShell;
import dev.rollout.transport.ShellQuote;
import dev.rollout.transport.TransportException;
import java.time.Duration;

/**
 * A container or console path reached through a carrier host: each command runs on the carrier as
 * {@code 'WRAP' 'WORDS' sh -c '<command>'}, every wrap word quoted so it stays a literal argument.
 */
final class WrappedShell implements RemoteShell {

  private final String name;
  private final RemoteShell carrier;
  private final String prefix;

  WrappedShell(String name, RemoteShell carrier, String wrap) {
    this.name = name;
    this.carrier = carrier;
    String words = ShellQuote.quoteWords(wrap);
    this.prefix = words.isEmpty() ? "sh -c " : words + " sh -c ";
  }

  @Override
  public String hostName() {
    return name;
  }

  /** The command as the carrier runs it. */
  String wrap(String command) {
    return prefix + ShellQuote.quote(command);
  }

  @Override
  public CommandResult run(String command, Duration timeout) throws TransportException {
    try {
      return carrier.run(wrap(command), timeout);
    } catch (TransportException e) {
      throw new TransportException(e.reason(), name,
          name + " (through " + carrier.hostName() + "): " + e.getMessage(), e.getCause());
    }
  }

  @Override
  public void connect() throws TransportException {
    carrier.connect();
  }

  @Override
  public void close() {
    // the carrier's connection belongs to the transport
  }
}
