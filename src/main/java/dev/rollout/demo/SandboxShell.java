package dev.rollout.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;

/**
 * One exec request on an embedded SSH server: {@code /bin/sh -c COMMAND} in the host's sandbox
 * directory, with {@code HOST_DIR}, {@code HOST_NAME}, {@code PATH=SANDBOX/bin:$PATH} and of this
 * process's environment only {@code HOME}, {@code USER}, {@code LOGNAME}, {@code LANG} and {@code
 * TMPDIR}. The sandbox is a working directory, not a jail: the command runs as this process's
 * user, on this machine. The
 * process and its children are killed when the client sends a signal or the channel closes.
 */
public final class SandboxShell implements Command {

  /** Sees every command of a host: before it starts, and once it exited. */
  public interface Observer {

    /** Called first; false drops the whole connection instead of running the command. */
    default boolean starting(String command) {
      return true;
    }

    /** Called after the command exited, before the client learns its exit code. */
    default void exited(String command, int code) {}
  }

  private final String hostName;
  private final Path sandbox;
  private final String command;
  private final Observer observer;
  private InputStream in;
  private OutputStream out;
  private OutputStream err;
  private ExitCallback exit;
  private volatile Process process;

  public SandboxShell(String hostName, Path sandbox, String command, Observer observer) {
    this.hostName = hostName;
    this.sandbox = sandbox;
    this.command = command;
    this.observer = observer;
  }

  @Override
  public void start(ChannelSession channel, Environment env) throws IOException {
    if (!observer.starting(command)) {
      channel.getSession().close(true);
      return;
    }
    process = processBuilder().start();
    env.addSignalListener((ch, signal) -> kill());
    daemon("stdin", () -> pump(in, process.getOutputStream()));
    daemon("wait", this::awaitExit);
  }

  private ProcessBuilder processBuilder() {
    ProcessBuilder builder = new ProcessBuilder("/bin/sh", "-c", command);
    builder.directory(sandbox.toFile());
    Map<String, String> env = builder.environment();
    env.clear(); // the controller's environment (PGPASSWORD, tokens) is not the host's
    for (String keep : List.of("HOME", "USER", "LOGNAME", "LANG", "TMPDIR")) {
      String value = System.getenv(keep);
      if (value != null) {
        env.put(keep, value);
      }
    }
    env.put("HOST_DIR", sandbox.toString());
    env.put("HOST_NAME", hostName);
    env.put("PATH", sandbox.resolve("bin") + ":" + System.getenv("PATH"));
    return builder;
  }

  private void awaitExit() {
    Thread stdout = daemon("stdout", () -> pump(process.getInputStream(), out));
    Thread stderr = daemon("stderr", () -> pump(process.getErrorStream(), err));
    try {
      int code = process.waitFor();
      stdout.join();
      stderr.join();
      try {
        observer.exited(command, code);
      } finally {
        exit.onExit(code); // whatever the observer did, the client learns how the command ended
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void pump(InputStream from, OutputStream to) {
    byte[] buffer = new byte[8192];
    try (from; to) {
      int n;
      while ((n = from.read(buffer)) != -1) {
        to.write(buffer, 0, n);
        to.flush();
      }
    } catch (IOException e) {
      // the channel or the process went away: nothing left to copy
    }
  }

  private void kill() {
    Process p = process;
    if (p != null) {
      List<ProcessHandle> children = p.descendants().toList();
      p.destroyForcibly();
      children.forEach(ProcessHandle::destroyForcibly);
    }
  }

  @Override
  public void destroy(ChannelSession channel) {
    kill();
  }

  private static Thread daemon(String name, Runnable task) {
    Thread thread = new Thread(task, "sandbox-" + name);
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  @Override
  public void setExitCallback(ExitCallback callback) {
    this.exit = callback;
  }

  @Override
  public void setInputStream(InputStream in) {
    this.in = in;
  }

  @Override
  public void setOutputStream(OutputStream out) {
    this.out = out;
  }

  @Override
  public void setErrorStream(OutputStream err) {
    this.err = err;
  }
}
