package dev.rollout.transport.ssh;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import net.schmizz.concurrent.Promise;
import net.schmizz.keepalive.KeepAlive;
import net.schmizz.keepalive.KeepAliveProvider;
import net.schmizz.sshj.common.DisconnectReason;
import net.schmizz.sshj.common.SSHPacket;
import net.schmizz.sshj.connection.ConnectionException;
import net.schmizz.sshj.connection.ConnectionImpl;

/**
 * OpenSSH's {@code ServerAliveInterval} for every connection of a transport on one timer thread.
 * sshj's own keep-alive is a thread per connection ({@link KeepAlive} extends {@link Thread}):
 * here {@link KeepAlive#start()} schedules the connection's beat on the shared timer instead, and
 * {@link KeepAlive#interrupt()} (sshj calls it on disconnect) cancels it. As OpenSSH's
 * {@code ServerAliveCountMax} of 3, a connection whose server left {@value #MAX_UNANSWERED}
 * {@code keepalive@openssh.com} requests unanswered is declared dead.
 */
final class SharedKeepAlive extends KeepAliveProvider implements AutoCloseable {

  static final int MAX_UNANSWERED = 3;

  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
      task -> {
        Thread t = new Thread(null, task, "rollout-ssh-keepalive", 256 * 1024);
        t.setDaemon(true);
        return t;
      });

  @Override
  public KeepAlive provide(ConnectionImpl connection) {
    return new Beat(connection);
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

    Beat(ConnectionImpl connection) {
      super(connection, "rollout-ssh-keepalive");
    }

    @Override
    public synchronized void start() {
      if (task == null && keepAliveInterval > 0 && !timer.isShutdown()) {
        task = timer.scheduleWithFixedDelay(this::beat, keepAliveInterval, keepAliveInterval,
            TimeUnit.SECONDS);
      }
    }

    @Override
    public void interrupt() {
      synchronized (this) {
        if (task != null) {
          task.cancel(false);
        }
      }
    }

    private void beat() {
      try {
        if (conn.getTransport().isRunning()) {
          doKeepAlive();
        }
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
            + "s apart");
      }
      unanswered.add(conn.sendGlobalRequest("keepalive@openssh.com", true, new byte[0]));
    }
  }
}
