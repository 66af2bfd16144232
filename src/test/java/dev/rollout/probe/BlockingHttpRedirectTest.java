package dev.rollout.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

/** Which redirects an http probe follows: those {@code HttpClient.Redirect.NORMAL} follows. */
class BlockingHttpRedirectTest {

  private static final URI HTTP = URI.create("http://web-1:8080/health");
  private static final URI HTTPS = URI.create("https://web-1/health");

  @Test
  void followsRelativeAndAbsoluteRedirectsAndHttpToHttps() {
    assertThat(BlockingHttp.redirectTarget(HTTP, "/ready"))
        .isEqualTo(URI.create("http://web-1:8080/ready"));
    assertThat(BlockingHttp.redirectTarget(HTTP, "ready?x=1"))
        .isEqualTo(URI.create("http://web-1:8080/ready?x=1"));
    assertThat(BlockingHttp.redirectTarget(HTTP, "https://web-1/health"))
        .isEqualTo(URI.create("https://web-1/health"));
    assertThat(BlockingHttp.redirectTarget(HTTPS, "https://web-2/health"))
        .isEqualTo(URI.create("https://web-2/health"));
  }

  @Test
  void neverFromHttpsToHttpNorToAnotherSchemeNorToNowhere() {
    assertThat(BlockingHttp.redirectTarget(HTTPS, "http://web-1/health")).isNull();
    assertThat(BlockingHttp.redirectTarget(HTTP, "file:///etc/passwd")).isNull();
    assertThat(BlockingHttp.redirectTarget(HTTP, "ftp://web-1/x")).isNull();
    assertThat(BlockingHttp.redirectTarget(HTTP, null)).isNull();
    assertThat(BlockingHttp.redirectTarget(HTTP, "  ")).isNull();
    assertThat(BlockingHttp.redirectTarget(HTTP, "http://[bad")).isNull();
  }
}
