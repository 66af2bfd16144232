package dev.rollout.transport.ssh;

import dev.rollout.transport.CommandResult;
import dev.rollout.transport.RemoteShell;
import dev.rollout.transport.TransportException;
import dev.rollout.transport.Wrap;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;

/**
 * A container or console path reached through a carrier host: each command runs on the carrier as
 * {@code 'WRAP' 'WORDS' sh -c '<command>'}, every wrap word quoted so it stays a literal argument.
 */
final class WrappedShell implements RemoteShell {

  private static final Duration PROOF_TIMEOUT = Duration.ofSeconds(30);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final String name;
  private final RemoteShell carrier;
  private final Wrap wrap;

  WrappedShell(String name, RemoteShell carrier, String wrap) {
    this.name = name;
    this.carrier = carrier;
    try {
      this.wrap = Wrap.parse(wrap);
    } catch (Wrap.Invalid e) {
      throw new IllegalArgumentException("wrap of " + name + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String hostName() {
    return name;
  }

  /** The command as the carrier runs it. */
  String wrap(String command) {
    return wrap.around(command);
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
  public Optional<String> proveCommandsRun() throws TransportException {
    String nonce = HexFormat.of().formatHex(randomBytes());
    CommandResult r = run(Wrap.proofCommand(nonce), PROOF_TIMEOUT);
    if (Wrap.proves(r.stdout(), nonce)) {
      return Optional.empty();
    }
    String where = "the wrap \"" + wrap.text() + "\" on " + carrier.hostName();
    if (r.timedOut()) {
      return Optional.of(where + " did not end within " + PROOF_TIMEOUT.toSeconds() + "s");
    }
    if (r.exitCode() != 0) {
      String err = r.stderr().strip();
      return Optional.of(where + " failed with exit " + r.exitCode()
          + (err.isEmpty() ? "" : ": " + err.substring(Math.max(0, err.length() - 300))));
    }
    return Optional.of(where + " exited 0 without running the command given to it (a marker"
        + " command printed nothing); a wrap must pass the command on, as docker exec NAME does");
  }

  private static byte[] randomBytes() {
    byte[] b = new byte[6];
    RANDOM.nextBytes(b);
    return b;
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
