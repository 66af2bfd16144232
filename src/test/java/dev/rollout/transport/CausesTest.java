package dev.rollout.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;

/** Network failures in words that name the failing thing, never a Java class name. */
class CausesTest {

  @Test
  void namesEachKindOfNetworkFailureAndItsTarget() {
    assertThat(Causes.words(new ConnectException("Connection refused"), "10.1.0.2:22"))
        .isEqualTo("connection refused by 10.1.0.2:22");
    assertThat(Causes.words(new ConnectException("Connection timed out"), "10.1.0.2:22"))
        .isEqualTo("timed out connecting to 10.1.0.2:22");
    assertThat(Causes.words(new IOException("wrapped", new UnknownHostException("off-net-alias")),
        "off-net-alias:22")).isEqualTo("no such host: off-net-alias");
    assertThat(Causes.words(new SocketTimeoutException("Read timed out"), "10.1.0.2:22"))
        .isEqualTo("timed out talking to 10.1.0.2:22");
    assertThat(Causes.words(new NoRouteToHostException("No route to host"), "10.1.0.9:22"))
        .isEqualTo("no route to 10.1.0.9:22");
    assertThat(Causes.words(new SocketException("Connection reset"), "10.1.0.2:22"))
        .isEqualTo("connection reset by 10.1.0.2:22");
    assertThat(Causes.words(new EOFException(), "10.1.0.2:22"))
        .isEqualTo("connection closed by 10.1.0.2:22");
  }

  @Test
  void anyOtherMessageLosesTheClassNamesItQuotes() {
    IOException e = new IOException("java.net.ConnectException: Connection refused",
        new ConnectException("Connection refused"));
    assertThat(Causes.outerMessage(e)).isEqualTo("Connection refused");
    assertThat(Causes.message(new IllegalStateException("state is "
        + "java.lang.IllegalArgumentException"))).isEqualTo("state is failure");
    assertThat(Causes.words(new NullPointerException())).isEqualTo("an unexpected missing value")
        .doesNotContain("Exception");
    assertThat(Causes.words(new IOException(), "h:1")).isEqualTo("h:1: an input/output failure "
        + "with no message");
  }
}
