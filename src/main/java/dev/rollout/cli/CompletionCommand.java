package dev.rollout.cli;

import picocli.AutoComplete;
import picocli.CommandLine.Command;

/**
 * {@code rollout completion}: picocli's bash/zsh completion script for the whole command tree,
 * under a shorter name than picocli's {@code generate-completion}, and listed in the help.
 */
@Command(name = "completion", hidden = false,
    header = "Print a bash/zsh completion script for rollout.",
    description = "Print a script that gives rollout TAB completion of its commands and options in "
        + "bash and zsh. Load it in the current shell, or install it for every new shell.",
    footerHeading = "%nExamples:%n",
    footer = {
        "  TAB completion in this shell (bash or zsh):",
        "    source <(rollout completion)",
        "  In every new bash shell (with the bash-completion package):",
        "    rollout completion | sudo tee /etc/bash_completion.d/rollout > /dev/null",
        "  In every new zsh shell:",
        "    rollout completion > ~/.rollout-completion.zsh",
        "    echo 'source ~/.rollout-completion.zsh' >> ~/.zshrc"})
final class CompletionCommand extends AutoComplete.GenerateCompletion {}
