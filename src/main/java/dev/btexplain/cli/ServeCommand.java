package dev.btexplain.cli;

import dev.btexplain.Btexplain;
import dev.btexplain.web.WebServer;
import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code btexplain serve}: a local page to paste a backtrace into, and the JSON API behind it. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serves a page to paste or drop a backtrace into, and POST /api/explain (JSON), on this machine only.")
public final class ServeCommand implements Callable<Integer> {
    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8080", description = "Port (default: ${DEFAULT-VALUE}; 0: any free one).")
    int port;

    @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "Address to listen on (default: ${DEFAULT-VALUE}, this machine only).")
    String bind;

    @Option(names = "--max-body", paramLabel = "SIZE", defaultValue = "64m", converter = ExplainCommand.SizeConverter.class,
            description = "Largest backtrace accepted (default: ${DEFAULT-VALUE}); larger ones get 413.")
    long maxBody;

    @Option(names = "--time-limit", paramLabel = "TIME", defaultValue = "60s", converter = CaptureOptions.DurationConverter.class,
            description = "Longest time one explanation may take (default: ${DEFAULT-VALUE}); then 503.")
    Duration timeLimit;

    @picocli.CommandLine.Mixin
    KnowledgeOptions knowledge = new KnowledgeOptions();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Btexplain.Options options = new Btexplain.Options(maxBody, knowledge.load());
        WebServer server;
        try {
            server = new WebServer(InetAddress.getByName(bind), port, maxBody, timeLimit, options);
        } catch (java.io.IOException e) {
            throw new InputException("serve: cannot listen on " + bind + ":" + port + ": " + e.getMessage());
        }
        server.start();
        spec.commandLine().getOut().println("btexplain: serving http://" + bind + ":" + server.address().getPort()
                + "/ (Ctrl-C stops it)");
        spec.commandLine().getOut().flush();
        new CountDownLatch(1).await();
        return 0;
    }
}
