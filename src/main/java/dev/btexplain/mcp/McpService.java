package dev.btexplain.mcp;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.btexplain.Btexplain;
import dev.btexplain.capture.CaptureException;
import dev.btexplain.capture.CaptureRequest;
import dev.btexplain.model.InputFormat;
import dev.btexplain.parse.UnusableInputException;
import dev.btexplain.report.Report;
import dev.btexplain.report.ReportFormat;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * btexplain as a Model Context Protocol server (the official Java SDK, stdio transport): the tools
 * explain_backtrace, explain_core, attach_process and list_formats, and the knowledge base as resources. A tool's
 * failure is a result with {@code isError} and the one line the command line would print; the server goes on.
 */
public final class McpService {
    /** What the server may do: the same limits as {@code serve}, and whether it may attach to processes. */
    public record Settings(Btexplain.Options options, long maxInputBytes, Duration timeLimit, boolean allowAttach, String gdb) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The longest one gdb run of explain_core or attach_process may take: the command line's --timeout default. */
    private static final Duration GDB_TIMEOUT = Duration.ofSeconds(60);
    private final Settings settings;
    private final KnowledgeResources knowledge;
    private final JsonNode definitions;
    /** Explanations run here, so that one over the time limit can be stopped (parse and analysis check for interruption). */
    private final ExecutorService work = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "btexplain-mcp-work");
        t.setDaemon(true);
        return t;
    });

    public McpService(Settings settings) throws IOException {
        this.settings = settings;
        this.knowledge = new KnowledgeResources(settings.options().knowledge());
        try (InputStream in = McpService.class.getResourceAsStream("/mcp/tools.json")) {
            List<String> formats = Btexplain.READ.stream().map(InputFormat::id).toList();
            this.definitions = JSON.readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("@INPUT_FORMATS@", JSON.writeValueAsString(formats)));
        }
    }

    /** Serves on these streams until the client closes {@code in}; returns then. */
    public void serve(InputStream in, OutputStream out) throws InterruptedException {
        java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);
        InputStream watched = new java.io.FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                return ended(super.read());
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return ended(super.read(b, off, len));
            }

            private int ended(int n) {
                if (n < 0) {
                    closed.countDown();
                }
                return n;
            }
        };
        McpSyncServer server = McpServer.sync(new StdioServerTransportProvider(jsonMapper(), watched, out))
                .serverInfo(dev.btexplain.report.ToolInfo.current().name(), dev.btexplain.report.ToolInfo.current().version())
                .instructions(definitions.get("instructions").asText())
                .capabilities(McpSchema.ServerCapabilities.builder().tools(false).resources(false, false).build())
                .validateToolInputs(false) // checked here, to answer in the command line's words
                .tools(tools())
                .resources(new McpServerFeatures.SyncResourceSpecification(
                        McpSchema.Resource.builder(KnowledgeResources.INDEX, "knowledge-index")
                                .description("The functions btexplain's knowledge packs describe, by pack.")
                                .mimeType("application/json").build(),
                        (exchange, request) -> text(request.uri(), knowledge.index())))
                .resourceTemplates(new McpServerFeatures.SyncResourceTemplateSpecification(
                        McpSchema.ResourceTemplate.builder(KnowledgeResources.TEMPLATE, "knowledge")
                                .description("What a function does, checked against its project's source: each knowledge "
                                        + "entry for it, with its meaning, source file and versions. Not found: btexplain does "
                                        + "not describe that function.")
                                .mimeType("application/json").build(),
                        (exchange, request) -> {
                            String found = knowledge.function(request.uri());
                            if (found == null) {
                                throw McpError.builder(McpSchema.ErrorCodes.RESOURCE_NOT_FOUND)
                                        .message("btexplain's knowledge has no entry for this function; it does not say what "
                                                + "it does rather than guess").data(Map.of("uri", request.uri())).build();
                            }
                            return text(request.uri(), found);
                        }))
                .build();
        closed.await();
        server.closeGracefully();
        work.shutdownNow();
    }

    /** The SDK's Jackson 3 mapper, reading strings as long as the largest backtrace accepted (its default stops at 100 M). */
    private McpJsonMapper jsonMapper() {
        int longest = (int) Math.min(Integer.MAX_VALUE, Math.max(100_000_000L, settings.maxInputBytes() * 2));
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(longest).build()).build();
        return new JacksonMcpJsonMapper(JsonMapper.builder(factory).build());
    }

    private static McpSchema.ReadResourceResult text(String uri, String json) {
        return new McpSchema.ReadResourceResult(List.of(new McpSchema.TextResourceContents(uri, "application/json", json)));
    }

    private List<McpServerFeatures.SyncToolSpecification> tools() {
        List<McpServerFeatures.SyncToolSpecification> tools = new ArrayList<>();
        for (JsonNode t : definitions.get("tools")) {
            McpSchema.Tool tool = McpSchema.Tool.builder().name(t.get("name").asText()).title(t.get("title").asText())
                    .description(t.get("description").asText())
                    .inputSchema(JSON.convertValue(t.get("inputSchema"), new TypeReference<Map<String, Object>>() { }))
                    .build();
            tools.add(new McpServerFeatures.SyncToolSpecification(tool, (exchange, request) -> call(tool.name(),
                    request.arguments() == null ? Map.of() : request.arguments())));
        }
        return tools;
    }

    /** A tool's answer; every failure is an error result of one line, as the command line says it. */
    McpSchema.CallToolResult call(String tool, Map<String, Object> args) {
        try {
            checkNames(tool, args);
            return switch (tool) {
                case "explain_backtrace" -> explainBacktrace(args);
                case "explain_core" -> report(capture(new CaptureRequest(null, Path.of(string(args, "path")),
                        args.get("executable") == null ? null : Path.of(string(args, "executable")), 1, Duration.ZERO, false,
                        GDB_TIMEOUT, null, settings.gdb()), "core"));
                case "attach_process" -> attach(args);
                case "list_formats" -> formats();
                default -> error("no such tool: " + tool);
            };
        } catch (ToolError e) {
            return error(e.getMessage());
        } catch (RuntimeException | IOException e) {
            return error("internal error: " + e);
        }
    }

    /** A failure to report as the tool's result. */
    private static final class ToolError extends Exception {
        ToolError(String message) {
            super(message);
        }
    }

    private McpSchema.CallToolResult explainBacktrace(Map<String, Object> args) throws ToolError, IOException {
        byte[] text = string(args, "text").getBytes(StandardCharsets.UTF_8);
        if (text.length > settings.maxInputBytes()) {
            throw new ToolError("the backtrace is " + text.length + " bytes, more than the " + settings.maxInputBytes()
                    + " this server accepts (btexplain mcp --max-input)");
        }
        InputFormat format = null;
        if (args.get("format") != null) {
            try {
                format = Btexplain.inputFormat(string(args, "format"));
            } catch (IllegalArgumentException e) {
                throw new ToolError(e.getMessage());
            }
        }
        Btexplain.Options options = new Btexplain.Options(settings.maxInputBytes(), settings.options().knowledge(), format);
        return report(within(() -> Btexplain.explain(new ByteArrayInputStream(text), options)));
    }

    private McpSchema.CallToolResult attach(Map<String, Object> args) throws ToolError, IOException {
        if (!settings.allowAttach()) {
            throw new ToolError("attach_process is off: it stops a live process for a moment with gdb, so the server must be "
                    + "started with: btexplain mcp --allow-attach");
        }
        long pid = number(args, "pid", 0).longValue();
        int samples = number(args, "samples", 1).intValue();
        double interval = number(args, "interval", 0.5).doubleValue();
        if (pid < 1 || samples < 1 || samples > CaptureRequest.MAX_SAMPLES || interval < 0 || interval > 600) {
            throw new ToolError("pid must be a process id, samples 1 to " + CaptureRequest.MAX_SAMPLES
                    + " and interval 0 to 600 seconds");
        }
        return report(capture(new CaptureRequest(pid, null, null, samples, Duration.ofMillis(Math.round(interval * 1000)), false,
                GDB_TIMEOUT, null, settings.gdb()), "attach " + pid));
    }

    private Report capture(CaptureRequest request, String what) throws ToolError, IOException {
        try {
            return Btexplain.capture(request, settings.options());
        } catch (CaptureException | UnusableInputException e) {
            throw new ToolError(what + ": " + e.getMessage());
        }
    }

    /** Runs one explanation within the time limit; over it, the work is interrupted and the call fails. */
    private Report within(Callable<Report> task) throws ToolError {
        Future<Report> running = work.submit(task);
        try {
            return running.get(settings.timeLimit().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            running.cancel(true);
            Duration limit = settings.timeLimit();
            throw new ToolError("the explanation took longer than " + (limit.toMillis() < 1000 ? limit.toMillis() + " ms"
                    : limit.toSeconds() + " s") + " (btexplain mcp --time-limit)");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnusableInputException || e.getCause() instanceof IOException) {
                throw new ToolError(e.getCause().getMessage());
            }
            throw new ToolError("internal error: " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ToolError("interrupted");
        }
    }

    /** The JSON report (also as structured content) and its Markdown. */
    private static McpSchema.CallToolResult report(Report report) throws IOException {
        StringWriter json = new StringWriter();
        Btexplain.render(report, ReportFormat.JSON, json, false);
        StringWriter markdown = new StringWriter();
        Btexplain.render(report, ReportFormat.MARKDOWN, markdown, false);
        return McpSchema.CallToolResult.builder()
                .addTextContent(json.toString())
                .addTextContent(markdown.toString())
                .structuredContent(JSON.readValue(json.toString(), new TypeReference<Map<String, Object>>() { }))
                .isError(false)
                .build();
    }

    private McpSchema.CallToolResult formats() throws IOException {
        Map<String, Object> formats = new LinkedHashMap<>();
        List<Map<String, String>> read = new ArrayList<>();
        for (InputFormat f : Btexplain.READ) {
            read.add(Map.of("id", f.id(), "what", definitions.get("input_formats").path(f.id()).asText(f.id())));
        }
        formats.put("input_formats", read);
        formats.put("report_formats", java.util.Arrays.stream(ReportFormat.values()).map(ReportFormat::id).toList());
        String json = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(formats);
        return McpSchema.CallToolResult.builder().addTextContent(json).structuredContent(formats).isError(false).build();
    }

    private static McpSchema.CallToolResult error(String message) {
        return McpSchema.CallToolResult.builder().addTextContent("btexplain: " + message).isError(true).build();
    }

    /** Every argument given is one the tool's schema names. */
    private void checkNames(String tool, Map<String, Object> args) throws ToolError {
        for (JsonNode t : definitions.get("tools")) {
            if (t.get("name").asText().equals(tool)) {
                List<String> known = new ArrayList<>();
                t.get("inputSchema").get("properties").fieldNames().forEachRemaining(known::add);
                for (String name : args.keySet()) {
                    if (!known.contains(name)) {
                        throw new ToolError(tool + " has no argument '" + name + "'" + (known.isEmpty() ? ""
                                : " (it takes: " + String.join(", ", known) + ")"));
                    }
                }
            }
        }
    }

    private static String string(Map<String, Object> args, String name) throws ToolError {
        Object v = args.get(name);
        if (!(v instanceof String s)) {
            throw new ToolError(name + " must be a string" + (v == null ? " and is required" : ""));
        }
        return s;
    }

    private static Number number(Map<String, Object> args, String name, Number missing) throws ToolError {
        Object v = args.get(name);
        if (v == null) {
            return missing;
        }
        if (!(v instanceof Number n)) {
            throw new ToolError(name + " must be a number");
        }
        return n;
    }
}
