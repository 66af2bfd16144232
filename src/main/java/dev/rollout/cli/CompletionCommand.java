package dev.rollout.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code rollout completion}: picocli's bash/zsh completion script for the whole command tree,
 * under a shorter name than picocli's {@code generate-completion}, and listed in the help. With
 * {@code --output json}, one document: {@code {"schemaVersion":1,"kind":"completion","shells":
 * ["bash","zsh"],"script":...}}.
 */
@Command(name = "completion", mixinStandardHelpOptions = true,
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
final class CompletionCommand implements Runnable {

  @Spec CommandSpec spec;
  @Mixin OutputOptions output;

  @Override
  public void run() {
    String script = AutoComplete.bash(spec.root().name(), spec.root().commandLine());
    PrintWriter out = spec.commandLine().getOut();
    if (output.json()) {
      ObjectNode doc = Json.mapper().createObjectNode();
      doc.put("schemaVersion", 1);
      doc.put("kind", "completion");
      doc.putArray("shells").add("bash").add("zsh");
      doc.put("script", script);
      out.println(Json.line(doc));
    } else {
      out.print(script); // '\n', never the platform's line end: a script with "\r\n" fails oddly
      out.print('\n');
    }
    out.flush();
  }
}
