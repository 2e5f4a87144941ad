package dev.btexplain.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code btexplain completion bash|zsh}: the shell completion script of every command and option, made by picocli from
 * the same annotations as --help. bash: {@code source <(btexplain completion bash)}; zsh loads the same script through
 * bashcompinit.
 */
@Command(name = "completion", mixinStandardHelpOptions = true,
        description = "Prints the shell completion script for bash or zsh: source <(btexplain completion bash), or in "
                + "~/.zshrc: source <(btexplain completion zsh). The release installs it.")
public final class CompletionCommand implements Callable<Integer> {
    @Parameters(paramLabel = "SHELL", description = "bash or zsh.")
    String shell;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        String script = AutoComplete.bash("btexplain", spec.root().commandLine());
        switch (shell) {
            case "bash" -> spec.commandLine().getOut().print(script);
            // picocli's script defines bash completion functions; zsh runs them through its bash compatibility layer
            case "zsh" -> spec.commandLine().getOut().print("autoload -U +X compinit && compinit\n"
                    + "autoload -U +X bashcompinit && bashcompinit\n" + script);
            default -> throw new InputException("completion: no script for '" + shell + "' (bash or zsh)");
        }
        return 0;
    }
}
