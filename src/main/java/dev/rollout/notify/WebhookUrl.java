package dev.rollout.notify;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/**
 * A webhook URL taken apart: where requests go (without credentials), the basic authentication its
 * {@code user:password@} asks for, and the redacted form, the only one ever put in a message.
 */
public record WebhookUrl(URI target, String authorization, String redacted) {

  /** @throws IllegalArgumentException when not an http(s) URL; the message is redacted */
  public static WebhookUrl parse(String url) {
    String redacted = redact(url);
    URI u = httpUri(url, redacted);
    String userInfo = u.getRawUserInfo();
    if (userInfo == null) {
      return new WebhookUrl(u, null, redacted);
    }
    String credentials = URLDecoder.decode(userInfo.replace("+", "%2B"), StandardCharsets.UTF_8);
    URI target = URI.create(u.getScheme() + "://" + u.getHost() + port(u) + u.getRawPath()
        + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery()));
    return new WebhookUrl(target, "Basic " + Base64.getEncoder()
        .encodeToString(credentials.getBytes(StandardCharsets.UTF_8)), redacted);
  }

  /** {@code scheme://host[:port]/****}, or {@code ****} for what has no scheme and host. */
  public static String redact(String url) {
    try {
      URI u = new URI(url);
      return u.getScheme() == null || u.getHost() == null ? "****"
          : u.getScheme() + "://" + u.getHost() + port(u) + "/****";
    } catch (URISyntaxException | RuntimeException e) {
      return "****";
    }
  }

  @Override
  public String toString() {
    return redacted;
  }

  private static URI httpUri(String url, String redacted) {
    try {
      URI u = new URI(url);
      String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
      if ((scheme.equals("http") || scheme.equals("https")) && u.getHost() != null) {
        return u;
      }
    } catch (URISyntaxException e) {
      // its message quotes the URL: say it without it below
    }
    throw new IllegalArgumentException("notify.webhook is not an http(s) URL: " + redacted);
  }

  private static String port(URI u) {
    return u.getPort() < 0 ? "" : ":" + u.getPort();
  }
}
