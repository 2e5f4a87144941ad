package dev.btexplain.cli;

import dev.btexplain.capture.CaptureRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code btexplain core COREFILE}: read a core dump with gdb and explain it. */
@Command(name = "core", mixinStandardHelpOptions = true,
        description = "Reads a core file with gdb (the executable from --exe, or the one the core names), with the "
                + "owners of the locks its threads waited on, and explains it.")
public final class CoreCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "COREFILE", description = "The core dump.")
    Path core;

    @Option(names = "--exe", paramLabel = "BINARY", description = "The program that dumped it (default: the one the core names).")
    Path exe;

    @Mixin
    CaptureOptions capture = new CaptureOptions();

    @Mixin
    OutputOptions output = new OutputOptions();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        CaptureRequest request = new CaptureRequest(null, core, exe, 1, Duration.ZERO, capture.full, capture.timeout,
                capture.save, capture.gdb);
        capture.captureAndWrite(request, "core", output, spec.commandLine().getOut(), spec.commandLine().getErr()); // its messages name the file
        return 0;
    }
}
