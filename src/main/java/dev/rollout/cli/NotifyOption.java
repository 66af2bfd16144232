package dev.rollout.cli;

import dev.rollout.notify.WebhookUrl;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code --notify URL}, for the commands that drive a run. The URL is checked as the command line
 * is parsed, so a bad one is refused (exit 2) before any run is created or lock taken.
 */
final class NotifyOption {

  @Spec(Spec.Target.MIXEE) CommandSpec spec;

  String url;

  @Option(names = "--notify", paramLabel = "URL", description = "Send state changes to this "
      + "webhook, in place of the plan's notify.webhook. The URL is never printed.")
  void url(String value) {
    try {
      WebhookUrl.parse(value);
    } catch (IllegalArgumentException e) {
      String scheme = value.matches("(?s)[A-Za-z][A-Za-z0-9+.-]{0,15}:.*")
          ? " (found a " + value.substring(0, value.indexOf(':')) + ": URL)" : "";
      throw new ParameterException(spec.commandLine(), "--notify takes an http:// or https:// "
          + "webhook URL" + scheme + "; nothing was changed");
    }
    url = value;
  }
}
