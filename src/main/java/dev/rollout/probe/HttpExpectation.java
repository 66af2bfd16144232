package dev.rollout.probe;

import java.util.Objects;
import java.util.Optional;

/**
 * What an HTTP probe's answer must look like to count as healthy.
 *
 * @param status the expected status code, 100 to 599; the plan's default is 200
 * @param bodyContains a substring the response body must contain, matched case-sensitively on the
 *     body decoded as UTF-8; empty when the body does not matter
 */
public record HttpExpectation(int status, Optional<String> bodyContains) {

  public HttpExpectation {
    if (status < 100 || status > 599) {
      throw new IllegalArgumentException("expected HTTP status must be 100-599, got " + status);
    }
    Objects.requireNonNull(bodyContains, "bodyContains");
  }

  /** Status 200, any body. */
  public static HttpExpectation ok() {
    return new HttpExpectation(200, Optional.empty());
  }

  /** The given status, any body. */
  public static HttpExpectation status(int status) {
    return new HttpExpectation(status, Optional.empty());
  }

  /** The same status, and a body that contains {@code text}. */
  public HttpExpectation withBodyContaining(String text) {
    return new HttpExpectation(status, Optional.of(text));
  }
}
