package dev.btexplain.mcp;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.btexplain.Btexplain;
import dev.btexplain.capture.CaptureException;
import dev.btexplain.capture.CaptureRequest;
import dev.btexplain.mcp.StdioJsonRpc.RpcError;
import dev.btexplain.model.InputFormat;
import dev.btexplain.parse.UnusableInputException;
import dev.btexplain.report.AssistantSummary;
import dev.btexplain.report.Report;
import dev.btexplain.report.ReportFormat;
import dev.btexplain.report.ToolInfo;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
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

/**
 * btexplain as a Model Context Protocol server on standard input and output: the tools explain_backtrace,
 * explain_core, attach_process and list_formats, and the knowledge base as resources. A tool's failure is a result
 * with {@code isError} and the one line the command line would print; the server goes on. The transport is
 * {@link StdioJsonRpc}: one number, {@code --max-input}, bounds a backtrace and so the longest line read.
 */
public final class McpService {
    /**
     * What the server may do: the same limits as {@code serve}, whether it may attach to processes, and the folders
     * whose cores explain_core may read (none: it reads none).
     */
    public record Settings(Btexplain.Options options, long maxInputBytes, Duration timeLimit, boolean allowAttach, String gdb,
            List<Path> coreFolders) {
        public Settings {
            coreFolders = List.copyOf(coreFolders);
        }
    }

    /** The protocol versions this server speaks, oldest first; a client asking for another is answered with the newest. */
    static final List<String> PROTOCOL_VERSIONS = List.of("2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The longest one gdb run of explain_core or attach_process may take: the command line's --timeout default. */
    private static final Duration GDB_TIMEOUT = Duration.ofSeconds(60);
    /** Room on a request's line beside its text: the envelope, the other arguments. */
    private static final long ENVELOPE = 1 << 20;
    private final Settings settings;
    private final KnowledgeResources knowledge;
    private final JsonNode definitions;
    /** Explanations run here, so that one over the time limit can be stopped (parse and analysis check for interruption). */
    private final ExecutorService work = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "btexplain-mcp-explain");
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

    /** Serves on these streams until the client closes {@code in}, then answers what is in flight; returns then. */
    public void serve(InputStream in, OutputStream out) throws IOException, InterruptedException {
        try {
            new StdioJsonRpc(new Methods(), longestLine(), settings.timeLimit().plus(GDB_TIMEOUT), out).serve(in);
        } finally {
            work.shutdownNow();
        }
    }

    /**
     * The longest request line read: a text of --max-input bytes as JSON escapes it (a newline is two bytes, so twice
     * the text covers any backtrace) and the envelope. The text inside is held to --max-input itself.
     */
    long longestLine() {
        return 2 * settings.maxInputBytes() + ENVELOPE;
    }

    /** The protocol's methods, answered from the tools and resources here. */
    private final class Methods implements StdioJsonRpc.Methods {
        @Override
        public boolean isSlow(String method) {
            return method.equals("tools/call");
        }

        @Override
        public JsonNode answer(String method, JsonNode params) throws RpcError {
            return switch (method) {
                case "initialize" -> initialize(params);
                case "ping" -> JSON.createObjectNode();
                case "tools/list" -> JSON.createObjectNode().set("tools", toolList());
                case "tools/call" -> {
                    JsonNode name = params.get("name");
                    JsonNode args = params.get("arguments");
                    if (name == null || !name.isTextual() || (args != null && !args.isObject())) {
                        throw new RpcError(RpcError.INVALID_PARAMS, "invalid params: tools/call takes a tool's \"name\" "
                                + "and its \"arguments\" as an object");
                    }
                    if (definition(name.textValue()) == null) {
                        throw new RpcError(RpcError.INVALID_PARAMS, "Unknown tool: " + name.textValue());
                    }
                    yield call(name.textValue(), args == null ? Map.of()
                            : JSON.convertValue(args, new TypeReference<Map<String, Object>>() { })).toJson();
                }
                case "resources/list" -> JSON.createObjectNode().set("resources", JSON.createArrayNode().add(
                        JSON.createObjectNode().put("uri", KnowledgeResources.INDEX).put("name", "knowledge-index")
                                .put("description", "The functions btexplain's knowledge packs describe, by pack.")
                                .put("mimeType", "application/json")));
                case "resources/templates/list" -> JSON.createObjectNode().set("resourceTemplates", JSON.createArrayNode()
                        .add(JSON.createObjectNode().put("uriTemplate", KnowledgeResources.TEMPLATE).put("name", "knowledge")
                                .put("description", "What a function does, checked against its project's source: each "
                                        + "knowledge entry for it, with its meaning, source file and versions. Not found: "
                                        + "btexplain does not describe that function.")
                                .put("mimeType", "application/json")));
                case "resources/read" -> read(params.path("uri"));
                default -> throw new RpcError(RpcError.METHOD_NOT_FOUND, "method not found: " + method);
            };
        }

        @Override
        public JsonNode tooLong(String method, long bytes) throws RpcError {
            String message = "the request is more than " + longestLine() + " bytes, longer than a backtrace of the "
                    + settings.maxInputBytes() + " bytes this server accepts (btexplain mcp --max-input)";
            if ("tools/call".equals(method)) {
                return ToolResult.error(message).toJson();
            }
            throw new RpcError(RpcError.INVALID_REQUEST, message);
        }
    }

    private JsonNode initialize(JsonNode params) {
        String asked = params.path("protocolVersion").asText("");
        ObjectNode result = JSON.createObjectNode()
                .put("protocolVersion", PROTOCOL_VERSIONS.contains(asked) ? asked : PROTOCOL_VERSIONS.get(PROTOCOL_VERSIONS.size() - 1));
        ObjectNode capabilities = result.putObject("capabilities");
        capabilities.putObject("tools").put("listChanged", false);
        capabilities.putObject("resources").put("subscribe", false).put("listChanged", false);
        result.putObject("serverInfo").put("name", ToolInfo.current().name()).put("version", ToolInfo.current().version());
        result.put("instructions", definitions.get("instructions").asText());
        return result;
    }

    private ArrayNode toolList() {
        ArrayNode tools = JSON.createArrayNode();
        for (JsonNode t : definitions.get("tools")) {
            tools.addObject().put("name", t.get("name").asText()).put("title", t.get("title").asText())
                    .put("description", t.get("description").asText()).set("inputSchema", t.get("inputSchema"));
        }
        return tools;
    }

    private JsonNode read(JsonNode uri) throws RpcError {
        String found = null;
        if (uri.isTextual() && uri.textValue().equals(KnowledgeResources.INDEX)) {
            found = knowledge.index();
        } else if (uri.isTextual() && uri.textValue().startsWith(KnowledgeResources.INDEX + "/")) {
            found = knowledge.function(uri.textValue());
        }
        if (found == null) {
            throw new RpcError(RpcError.RESOURCE_NOT_FOUND, "btexplain's knowledge has no entry for this function; it does not say what it "
                    + "does rather than guess", JSON.createObjectNode().set("uri", uri));
        }
        ObjectNode result = JSON.createObjectNode();
        result.putArray("contents").addObject().put("uri", uri.textValue()).put("mimeType", "application/json").put("text", found);
        return result;
    }

    /** A tool's answer: its text parts, the structured form of the first, and whether it is an error. */
    record ToolResult(List<String> texts, JsonNode structured, boolean isError) {
        static ToolResult error(String message) {
            return new ToolResult(List.of("btexplain: " + message), null, true);
        }

        JsonNode toJson() {
            ObjectNode result = JSON.createObjectNode();
            ArrayNode content = result.putArray("content");
            texts.forEach(t -> content.addObject().put("type", "text").put("text", t));
            if (structured != null) {
                result.set("structuredContent", structured);
            }
            return result.put("isError", isError);
        }
    }

    /** A tool's answer; every failure is an error result of one line, as the command line says it. */
    ToolResult call(String tool, Map<String, Object> args) {
        try {
            checkNames(tool, args);
            return switch (tool) {
                case "explain_backtrace" -> explainBacktrace(args);
                case "explain_core" -> explainCore(args);
                case "attach_process" -> attach(args);
                case "list_formats" -> formats();
                default -> ToolResult.error("no such tool: " + tool);
            };
        } catch (ToolError e) {
            return ToolResult.error(e.getMessage());
        } catch (RuntimeException | IOException e) {
            return ToolResult.error("internal error: " + e);
        }
    }

    /** A failure to report as the tool's result. */
    private static final class ToolError extends Exception {
        ToolError(String message) {
            super(message);
        }
    }

    private ToolResult explainBacktrace(Map<String, Object> args) throws ToolError, IOException {
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
        boolean full = full(args);
        return report(within(() -> Btexplain.explain(text, options)), full);
    }

    private ToolResult explainCore(Map<String, Object> args) throws ToolError, IOException {
        Path core = allowedCore(string(args, "path"));
        Path executable = args.get("executable") == null ? null : pathOf(string(args, "executable"));
        boolean full = full(args);
        return report(capture(new CaptureRequest(null, core, executable, 1, Duration.ZERO, false, GDB_TIMEOUT, null,
                settings.gdb()), "core"), full);
    }

    /**
     * The core a path names when it lies under a folder the server was started with (after following links); every
     * other path gets the same one line, so that the answer never tells whether a file exists elsewhere.
     */
    private Path allowedCore(String given) throws ToolError {
        if (settings.coreFolders().isEmpty()) {
            throw new ToolError("explain_core is off: it reads files of this machine, so the server must be started with "
                    + "the folders whose cores it may read: btexplain mcp --allow-core DIR");
        }
        String refused = "explain_core reads cores only under " + settings.coreFolders() + " (btexplain mcp --allow-core)";
        Path path;
        try {
            path = Path.of(given).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new ToolError(refused);
        }
        for (Path folder : settings.coreFolders()) {
            if (path.startsWith(folder)) {
                try {
                    if (!java.nio.file.Files.exists(path) || path.toRealPath().startsWith(folder)) {
                        return path;
                    }
                } catch (IOException e) {
                    throw new ToolError(refused);
                }
            }
        }
        throw new ToolError(refused);
    }

    private static Path pathOf(String given) throws ToolError {
        try {
            return Path.of(given);
        } catch (InvalidPathException e) {
            throw new ToolError("not a path: " + e.getReason());
        }
    }

    private ToolResult attach(Map<String, Object> args) throws ToolError, IOException {
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
        boolean full = full(args);
        return report(capture(new CaptureRequest(pid, null, null, samples, Duration.ofMillis(Math.round(interval * 1000)), false,
                GDB_TIMEOUT, null, settings.gdb()), "attach " + pid), full);
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
            running.cancel(true); // the client cancelled the call
            Thread.currentThread().interrupt();
            throw new ToolError("interrupted");
        }
    }

    /**
     * By default the summary (a few kilobytes whatever the input: an assistant's tool results are capped) as Markdown
     * and as JSON, also the structured content; with detail "full", the JSON report (also structured) and its Markdown.
     */
    private static ToolResult report(Report report, boolean full) throws IOException {
        if (!full) {
            JsonNode summary = AssistantSummary.json(report);
            return new ToolResult(List.of(AssistantSummary.markdown(summary), JSON.writeValueAsString(summary)), summary, false);
        }
        StringWriter json = new StringWriter();
        Btexplain.render(report, ReportFormat.JSON, json, false);
        StringWriter markdown = new StringWriter();
        Btexplain.render(report, ReportFormat.MARKDOWN, markdown, false);
        return new ToolResult(List.of(json.toString(), markdown.toString()), JSON.readTree(json.toString()), false);
    }

    /** The "detail" argument: "summary" (the default) or "full". */
    private static boolean full(Map<String, Object> args) throws ToolError {
        Object v = args.get("detail");
        if (v == null || "summary".equals(v)) {
            return false;
        }
        if ("full".equals(v)) {
            return true;
        }
        throw new ToolError("detail must be \"summary\" or \"full\"");
    }

    private ToolResult formats() throws IOException {
        Map<String, Object> formats = new LinkedHashMap<>();
        List<Map<String, String>> read = new ArrayList<>();
        for (InputFormat f : Btexplain.READ) {
            read.add(Map.of("id", f.id(), "what", definitions.get("input_formats").path(f.id()).asText(f.id())));
        }
        formats.put("input_formats", read);
        formats.put("report_formats", java.util.Arrays.stream(ReportFormat.values()).map(ReportFormat::id).toList());
        String json = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(formats);
        return new ToolResult(List.of(json), JSON.valueToTree(formats), false);
    }

    /** Every argument given is one the tool's schema names. */
    private void checkNames(String tool, Map<String, Object> args) throws ToolError {
        JsonNode t = definition(tool);
        if (t == null) {
            return;
        }
        List<String> known = new ArrayList<>();
        t.get("inputSchema").get("properties").fieldNames().forEachRemaining(known::add);
        for (String name : args.keySet()) {
            if (!known.contains(name)) {
                throw new ToolError(tool + " has no argument '" + name + "'" + (known.isEmpty() ? ""
                        : " (it takes: " + String.join(", ", known) + ")"));
            }
        }
    }

    /** The definition of a tool in tools.json, null when there is no such tool. */
    private JsonNode definition(String tool) {
        for (JsonNode t : definitions.get("tools")) {
            if (t.get("name").asText().equals(tool)) {
                return t;
            }
        }
        return null;
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
