package dev.rollout.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy on loopback in front of the shared PostgreSQL server, which a test cuts (the
 * listener and every connection closed: clients see the database go away) and restores on the
 * same port. The server itself is never stopped.
 */
final class PgProxy implements AutoCloseable {

  private final String address;
  private final String targetHost;
  private final int targetPort;
  private final List<Socket> open = new CopyOnWriteArrayList<>();
  private volatile ServerSocket listener;
  private int port;

  PgProxy(String address, String targetHost, int targetPort) throws IOException {
    this.address = address;
    this.targetHost = targetHost;
    this.targetPort = targetPort;
    restore();
  }

  int port() {
    return port;
  }

  synchronized void restore() throws IOException {
    ServerSocket s = new ServerSocket();
    s.setReuseAddress(true);
    s.bind(new InetSocketAddress(address, port));
    port = s.getLocalPort();
    listener = s;
    Thread t = new Thread(() -> accept(s), "pg-proxy-accept");
    t.setDaemon(true);
    t.start();
  }

  synchronized void cut() {
    try {
      listener.close();
    } catch (IOException ignored) {
      // closed
    }
    for (Socket s : open) {
      try {
        s.close();
      } catch (IOException ignored) {
        // closed
      }
    }
    open.clear();
  }

  private void accept(ServerSocket s) {
    while (!s.isClosed()) {
      try {
        Socket client = s.accept();
        Socket server = new Socket(targetHost, targetPort);
        open.add(client);
        open.add(server);
        pump(client, server);
        pump(server, client);
      } catch (IOException e) {
        return;
      }
    }
  }

  private void pump(Socket from, Socket to) {
    Thread t = new Thread(() -> {
      byte[] buf = new byte[16384];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
          out.write(buf, 0, n);
          out.flush();
        }
      } catch (IOException e) {
        // one side closed
      } finally {
        try {
          from.close();
          to.close();
        } catch (IOException ignored) {
          // closed
        }
      }
    }, "pg-proxy-pump");
    t.setDaemon(true);
    t.start();
  }

  @Override
  public void close() {
    cut();
  }
}
