package dev.btexplain.cli;

import dev.btexplain.capture.CaptureRequest;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code btexplain attach PID}: sample a live process with gdb and explain the series. */
@Command(name = "attach", mixinStandardHelpOptions = true,
        description = "Attaches gdb to a running process, takes its stacks (several samples), reads the owners of the "
                + "locks its threads wait on, detaches, and explains it. The process is stopped only while gdb runs.")
public final class AttachCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "PID", description = "The process to attach to.")
    long pid;

    @Option(names = "--samples", paramLabel = "N", defaultValue = "1", description = "How many listings to take (default: ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--interval", paramLabel = "TIME", defaultValue = "500ms", converter = CaptureOptions.DurationConverter.class,
            description = "Time between samples: a number of seconds (1, 0.5) or one with a unit (500ms, 2s, 1m) "
                    + "(default: ${DEFAULT-VALUE}).")
    Duration interval;

    @Mixin
    CaptureOptions capture = new CaptureOptions();

    @Mixin
    OutputOptions output = new OutputOptions();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (samples < 1 || samples > CaptureRequest.MAX_SAMPLES) {
            throw new InputException("--samples must be 1 to " + CaptureRequest.MAX_SAMPLES + ", not " + samples);
        }
        CaptureRequest request = new CaptureRequest(pid, null, null, samples, interval, capture.full, capture.timeout,
                capture.save, capture.gdb);
        capture.captureAndWrite(request, "attach " + pid, output, spec.commandLine().getOut(), spec.commandLine().getErr());
        return 0;
    }
}
