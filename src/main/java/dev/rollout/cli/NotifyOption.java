package dev.rollout.cli;

import picocli.CommandLine.Option;

/** {@code --notify URL}, for the commands that drive a run. */
final class NotifyOption {

  @Option(names = "--notify", paramLabel = "URL", description = "Send state changes to this "
      + "webhook, in place of the plan's notify.webhook. The URL is never printed.")
  String url;
}
