package dev.rollout.transport;

import java.io.EOFException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.util.Locale;

/**
 * Why a connection failed, in words that name the failing thing: {@code connection refused by
 * 10.1.0.2:22}, {@code no such host: off-net-alias}, {@code timed out connecting to
 * 10.1.0.2:22}. The one place where the network layer's exceptions become words, so that no
 * message shows a Java class name ({@code java.net.ConnectException: Connection refused}); the
 * probes and notifications use it too.
 */
public final class Causes {

  private Causes() {}

  /**
   * The words for {@code t}, which happened while talking to {@code target} ({@code host:port},
   * or a host name alone; null when unknown).
   */
  public static String words(Throwable t, String target) {
    String to = target == null ? "" : " " + target;
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof UnknownHostException || c instanceof UnresolvedAddressException) {
        String name = c.getMessage() == null || c.getMessage().isBlank() ? target
            : c.getMessage().split(":")[0].strip();
        return "no such host: " + (name == null ? "(unnamed)" : name);
      }
      if (c instanceof ConnectException || c instanceof PortUnreachableException) {
        return timedOut(c) ? "timed out connecting to" + to.stripTrailing()
            : "connection refused" + (target == null ? "" : " by " + target);
      }
      if (c instanceof NoRouteToHostException) {
        return "no route to" + (target == null ? " the host" : to);
      }
      if (c instanceof SocketTimeoutException || c instanceof java.util.concurrent.TimeoutException
          || c instanceof java.net.http.HttpTimeoutException) {
        return "timed out" + (target == null ? "" : " talking to " + target);
      }
      if (c instanceof EOFException) {
        return "connection closed" + (target == null ? "" : " by " + target);
      }
      if (c instanceof SocketException && String.valueOf(c.getMessage()).toLowerCase(Locale.ROOT)
          .contains("reset")) {
        return "connection reset" + (target == null ? "" : " by " + target);
      }
    }
    return (target == null ? "" : target + ": ") + message(t);
  }

  /** The words for {@code t} with no target to name. */
  public static String words(Throwable t) {
    return words(t, null);
  }

  /**
   * The innermost message that says something, without a class name: {@code Connection refused},
   * never {@code java.net.ConnectException: Connection refused}; for a throwable with no message
   * at all, what kind of failure it was.
   */
  public static String message(Throwable t) {
    String message = null;
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c.getMessage() != null && !c.getMessage().isBlank()) {
        message = c.getMessage();
      }
    }
    return message == null ? kind(t) : withoutClassNames(message);
  }

  /**
   * The outermost message that says something (the one with the most context, as for an
   * internal error), without class names; what kind of failure it was when none has one.
   */
  public static String outerMessage(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c.getMessage() != null && !c.getMessage().isBlank()) {
        return withoutClassNames(c.getMessage());
      }
    }
    return kind(t);
  }

  private static String withoutClassNames(String message) {
    return message.replaceAll("\\b(?:[a-z][a-z0-9_]*\\.)+[A-Z][A-Za-z0-9_$]*(?:Exception|Error)"
        + ":\\s*", "").replaceAll("\\b(?:[a-z][a-z0-9_]*\\.)+([A-Z][A-Za-z0-9_$]*"
        + "(?:Exception|Error))\\b", "failure");
  }

  private static boolean timedOut(Throwable c) {
    return String.valueOf(c.getMessage()).toLowerCase(Locale.ROOT).contains("timed out");
  }

  private static String kind(Throwable t) {
    if (t instanceof InterruptedIOException || t instanceof InterruptedException) {
      return "interrupted";
    }
    if (t instanceof NullPointerException) {
      return "an unexpected missing value";
    }
    if (t instanceof OutOfMemoryError) {
      return "out of memory";
    }
    return t instanceof java.io.IOException ? "an input/output failure with no message"
        : "an unexpected failure with no message";
  }
}
