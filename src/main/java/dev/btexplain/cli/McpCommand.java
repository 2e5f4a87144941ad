package dev.btexplain.cli;

import dev.btexplain.Btexplain;
import dev.btexplain.mcp.McpService;
import java.io.FileOutputStream;
import java.io.FileDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code btexplain mcp}: a Model Context Protocol server on standard input and output, for AI assistants. */
@Command(name = "mcp", mixinStandardHelpOptions = true,
        description = "Serves the Model Context Protocol on standard input and output (for AI assistants): the tools "
                + "explain_backtrace, explain_core (with --allow-core), attach_process (with --allow-attach) and list_formats, and the "
                + "knowledge base as resources (btexplain://knowledge/{function}).")
public final class McpCommand implements Callable<Integer> {
    @Option(names = "--allow-attach", description = "Let attach_process attach gdb to live processes (off by default).")
    boolean allowAttach;

    @Option(names = "--allow-core", paramLabel = "DIR", description = "Let explain_core read core files under this folder "
            + "(repeatable; none by default, so the tool reads no file of this machine).")
    List<Path> coreFolders = new ArrayList<>();

    @Option(names = "--max-input", paramLabel = "SIZE", defaultValue = "64m", converter = ExplainCommand.SizeConverter.class,
            description = "Largest backtrace text accepted (default: ${DEFAULT-VALUE}); a larger one is an error.")
    long maxInput;

    @Option(names = "--time-limit", paramLabel = "TIME", defaultValue = "60s", converter = CaptureOptions.DurationConverter.class,
            description = "Longest time one explanation may take (default: ${DEFAULT-VALUE}); then it stops with an error.")
    Duration timeLimit;

    @Option(names = "--gdb", paramLabel = "PROGRAM", defaultValue = "gdb", description = "The gdb explain_core and "
            + "attach_process run (default: ${DEFAULT-VALUE}).")
    String gdb;

    @picocli.CommandLine.Mixin
    KnowledgeOptions knowledge = new KnowledgeOptions();

    @Override
    public Integer call() throws Exception {
        Btexplain.Options options = new Btexplain.Options(maxInput, knowledge.load());
        List<Path> folders = new ArrayList<>();
        for (Path folder : coreFolders) {
            if (!Files.isDirectory(folder)) {
                throw new InputException("--allow-core " + folder + ": not a folder");
            }
            folders.add(folder.toRealPath());
        }
        // the protocol's channel: standard output itself, which nothing else of btexplain writes to in this mode
        new McpService(new McpService.Settings(options, maxInput, timeLimit, allowAttach, gdb, folders))
                .serve(System.in, new FileOutputStream(FileDescriptor.out));
        return 0;
    }
}
