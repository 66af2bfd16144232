package dev.rollout.transport.ssh;

import java.lang.reflect.Field;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import net.schmizz.concurrent.Promise;
import net.schmizz.keepalive.KeepAlive;
import net.schmizz.keepalive.KeepAliveProvider;
import net.schmizz.sshj.common.DisconnectReason;
import net.schmizz.sshj.common.SSHPacket;
import net.schmizz.sshj.connection.ConnectionException;
import net.schmizz.sshj.connection.ConnectionImpl;
import net.schmizz.sshj.transport.Reader;
import net.schmizz.sshj.transport.Transport;
import net.schmizz.sshj.transport.TransportImpl;

/**
 * OpenSSH's {@code ServerAliveInterval} for every connection of a transport on one timer thread.
 * sshj's own keep-alive is a thread per connection ({@link KeepAlive} extends {@link Thread}):
 * here {@link KeepAlive#start()} schedules the connection's beat on the shared timer instead, and
 * {@link KeepAlive#interrupt()} (sshj calls it on disconnect) cancels it.
 *
 * <p>As OpenSSH's client loop does: a {@code keepalive@openssh.com} request goes out only after
 * the server has sent nothing for a whole interval, and anything the server sends counts as an
 * answer. A connection busy with commands or probes costs no keep-alive traffic. As OpenSSH's
 * {@code ServerAliveCountMax} of 3, a connection whose server then left {@value #MAX_UNANSWERED}
 * requests unanswered (and sent nothing else) is declared dead.
 */
final class SharedKeepAlive extends KeepAliveProvider implements AutoCloseable {

  static final int MAX_UNANSWERED = 3;

  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
      task -> {
        Thread t = new Thread(null, task, "rollout-ssh-keepalive", 256 * 1024);
        t.setDaemon(true);
        return t;
      });
  private final AtomicLong requests = new AtomicLong();

  @Override
  public KeepAlive provide(ConnectionImpl connection) {
    return new Beat(connection);
  }

  /** How many keep-alive requests this transport's connections sent (a test seam). */
  long requestsSent() {
    return requests.get();
  }

  /** Stops every beat; connections still open are no longer kept alive. */
  @Override
  public void close() {
    timer.shutdownNow();
  }

  /** One connection's keep-alive: a task on the shared timer, never a thread of its own. */
  private final class Beat extends KeepAlive {

    private final Queue<Promise<SSHPacket, ConnectionException>> unanswered = new ArrayDeque<>();
    private ScheduledFuture<?> task;
    private boolean stopped;
    /** When the server last sent anything; null when sshj's reader cannot be asked. */
    private Reader reader;

    Beat(ConnectionImpl connection) {
      super(connection, "rollout-ssh-keepalive");
    }

    @Override
    public synchronized void start() {
      if (task == null && keepAliveInterval > 0 && !timer.isShutdown()) {
        reader = readerOf(conn.getTransport());
        arm(interval());
      }
    }

    @Override
    public void interrupt() {
      synchronized (this) {
        stopped = true;
        if (task != null) {
          task.cancel(false);
        }
      }
    }

    private long interval() {
      return TimeUnit.SECONDS.toNanos(keepAliveInterval);
    }

    private synchronized void arm(long nanos) {
      if (!stopped && !timer.isShutdown()) {
        task = timer.schedule(this::beat, nanos, TimeUnit.NANOSECONDS);
      }
    }

    private void beat() {
      try {
        long silent = reader == null ? Long.MAX_VALUE : reader.nanosSinceReceived();
        if (silent < interval()) {
          synchronized (this) {
            unanswered.clear(); // the server spoke: it is alive
          }
          arm(interval() - silent);
          return;
        }
        if (conn.getTransport().isRunning()) {
          doKeepAlive();
        }
        arm(interval());
      } catch (Exception e) {
        interrupt();
        conn.getTransport().die(e);
      }
    }

    @Override
    protected synchronized void doKeepAlive() throws ConnectionException,
        net.schmizz.sshj.transport.TransportException {
      if (!conn.equals(conn.getTransport().getService())) {
        return; // not yet authenticated
      }
      while (!unanswered.isEmpty() && unanswered.peek().isFulfilled()) {
        unanswered.remove();
      }
      if (unanswered.size() >= MAX_UNANSWERED) {
        throw new ConnectionException(DisconnectReason.CONNECTION_LOST, "the server left "
            + MAX_UNANSWERED + " keep-alive requests unanswered, " + keepAliveInterval
            + "s apart, and sent nothing else");
      }
      unanswered.add(conn.sendGlobalRequest("keepalive@openssh.com", true, new byte[0]));
      requests.incrementAndGet();
    }
  }

  /**
   * The reader thread of sshj's transport, which is Rollout's copy ({@link Reader}) and knows
   * when bytes last arrived; null when it cannot be had, and then every beat sends a request.
   */
  private static Reader readerOf(Transport transport) {
    try {
      Field field = TransportImpl.class.getDeclaredField("reader");
      field.setAccessible(true);
      return transport instanceof TransportImpl t ? (Reader) field.get(t) : null;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }
}
