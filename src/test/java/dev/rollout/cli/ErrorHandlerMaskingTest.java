package dev.rollout.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollout.engine.Masker;
import dev.rollout.plan.PlanFiles;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The error handler is the last gate before stderr: an unexpected exception whose message (or a
 * cause's) carries a secret is printed masked, with and without {@code --verbose}. Before, the
 * {@code internal error} line printed the exception as it was.
 */
class ErrorHandlerMaskingTest {

  private static final String SECRET = "s3cr3t-ErrorHandlerMaskingTest";

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeEach
  void aRunResolvedAPlanWithASecret(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("inventory.yml"), """
        hosts:
          web-1:
            address: 127.0.0.1
            vars: { token: {env: TOKEN} }
        """);
    Files.writeString(dir.resolve("plan.yml"), """
        name: p
        targets: [web-1]
        change:
          - run: echo ${vars.token}
        rollback:
          - run: "true"
        """);
    Masker.of(new PlanFiles(Map.of("TOKEN", SECRET)::get)
        .load(dir.resolve("plan.yml"), dir.resolve("inventory.yml")).plan());
  }

  @Test
  void anInternalErrorCarryingASecretIsPrintedMasked() {
    int code = handle("validate", "plan.yml");

    assertThat(code).isEqualTo(ExitCode.NEEDS_ATTENTION.code());
    assertThat(err.toString()).startsWith("rollout: error: internal error: ")
        .contains("https://api.example.net/****").doesNotContain(SECRET);
  }

  @Test
  void theVerboseStackTraceIsMaskedToo() {
    handle("validate", "plan.yml", "--verbose");

    assertThat(err.toString()).contains("at dev.rollout.cli.ErrorHandlerMaskingTest", "Caused by")
        .doesNotContain(SECRET);
  }

  @Test
  void aRolloutExceptionsMessageAndHintAreMasked() {
    CommandLine cl = Main.commandLine(new PrintWriter(out, true), new PrintWriter(err, true));
    int code = new ErrorHandler().handleExecutionException(new RolloutException(
        ExitCode.INVALID_INPUT, "refused " + SECRET, "hint " + SECRET), cl,
        cl.parseArgs("validate", "plan.yml"));

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("refused ****", "hint ****").doesNotContain(SECRET);
  }

  private int handle(String... args) {
    CommandLine cl = Main.commandLine(new PrintWriter(out, true), new PrintWriter(err, true));
    Exception e = new IllegalArgumentException("Illegal character in path at index 24: "
        + "https://api.example.net/" + SECRET, new IllegalStateException("cause: " + SECRET));
    return new ErrorHandler().handleExecutionException(e, cl, cl.parseArgs(args));
  }

  @Test
  void aThreadDyingOfAnUncaughtExceptionCarryingASecretIsPrintedMaskedOnOneLine() {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    Main.uncaught(new Thread("probe-\u001b[2J"), new IllegalStateException("token=" + SECRET),
        new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8));

    assertThat(bytes.toString(java.nio.charset.StandardCharsets.UTF_8))
        .isEqualTo("rollout: error: internal error on thread probe-\\x1b[2J: "
            + "token=****" + System.lineSeparator());
  }
}
