package dev.btexplain.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.Spec;

/**
 * {@code btexplain man}: the manual page btexplain(1) in roff, written from the same annotations as --help (every
 * command, its synopsis, arguments and options), so that the page and --help never disagree. The release installs it.
 */
@Command(name = "man", hidden = true, mixinStandardHelpOptions = true,
        description = "Prints the manual page btexplain(1) in roff (man -l <(btexplain man)).")
public final class ManCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getOut().print(page(spec.root().commandLine()));
        return 0;
    }

    static String page(CommandLine root) {
        CommandSpec top = root.getCommandSpec();
        StringBuilder b = new StringBuilder();
        String version = top.version().length > 0 ? top.version()[0] : "btexplain";
        // no date: the same build makes the same page
        b.append(".TH BTEXPLAIN 1 \"\" \"").append(roff(version)).append("\" \"User Commands\"\n");
        b.append(".SH NAME\nbtexplain \\- ").append(roff(String.join(" ", top.usageMessage().description()))).append('\n');
        b.append(".SH SYNOPSIS\n");
        synopsis(b, root);
        for (CommandLine sub : root.getSubcommands().values()) {
            if (!sub.getCommandSpec().usageMessage().hidden()) {
                synopsis(b, sub);
            }
        }
        b.append(".SH DESCRIPTION\n");
        describe(b, top);
        for (CommandLine sub : root.getSubcommands().values()) {
            CommandSpec s = sub.getCommandSpec();
            if (!s.usageMessage().hidden()) {
                b.append(".SH COMMAND: ").append(roff(s.qualifiedName().toUpperCase(java.util.Locale.ROOT))).append('\n');
                describe(b, s);
            }
        }
        b.append(".SH EXIT STATUS\n");
        top.usageMessage().exitCodeList().forEach((code, meaning) -> b.append(".TP\n.B ").append(roff(code.strip())).append('\n')
                .append(roff(meaning)).append('\n'));
        b.append(".SH SEE ALSO\ngdb(1), coredumpctl(1), eu-stack(1)\n");
        return b.toString();
    }

    private static void synopsis(StringBuilder b, CommandLine c) {
        String line = c.getHelp().synopsis(0).strip().replaceAll("\\s+", " ");
        b.append(".PP\n").append(roff(line)).append('\n');
    }

    private static void describe(StringBuilder b, CommandSpec s) {
        b.append(".PP\n").append(roff(String.join(" ", s.usageMessage().description()))).append('\n');
        List<PositionalParamSpec> positional = s.positionalParameters();
        for (PositionalParamSpec p : positional) {
            b.append(".TP\n.I ").append(roff(p.paramLabel())).append('\n').append(roff(String.join(" ", p.description()))).append('\n');
        }
        for (OptionSpec o : s.options()) {
            if (o.hidden()) {
                continue;
            }
            b.append(".TP\n.B ").append(roff(String.join(", ", o.names())));
            if (o.arity().max() > 0) {
                b.append(" \\fI").append(roff(o.paramLabel())).append("\\fR");
            }
            String text = String.join(" ", o.description()).replace("${DEFAULT-VALUE}", String.valueOf(o.defaultValue()));
            b.append('\n').append(roff(text)).append('\n');
        }
    }

    /** Text safe in a roff line: backslashes and hyphens escaped, no line starting with a control character. */
    static String roff(String text) {
        String t = text.replace("\\", "\\e").replace("-", "\\-").replace("%n", " ");
        return t.startsWith(".") || t.startsWith("'") ? "\\&" + t : t;
    }
}
