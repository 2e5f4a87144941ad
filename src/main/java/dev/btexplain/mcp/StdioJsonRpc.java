package dev.btexplain.mcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * JSON-RPC 2.0 over standard input and output, one message per line: the Model Context Protocol's stdio transport,
 * bounded. Every line is answered or, when JSON-RPC says so (a notification, a response), let go: a line that is not
 * JSON is a parse error (-32700), JSON that is not a request an invalid request (-32600), and the next line is read
 * as if nothing happened. A line longer than the server reads is skipped unkept and answered with the size error; a
 * request beyond the work the server holds is answered "busy" at once. Nothing a client sends stops the server but
 * the end of its input.
 */
final class StdioJsonRpc {
    /** The methods a server answers. */
    interface Methods {
        /** Methods whose work may take long: answered in turn by the workers, within the bound on work in flight. */
        boolean isSlow(String method);

        /** The result of one request; a failure the caller should see is an {@link RpcError}. */
        JsonNode answer(String method, JsonNode params) throws RpcError;

        /** The answer to a request whose line was too long to read: {@code method} when its first bytes named it, or null. */
        JsonNode tooLong(String method, long bytes) throws RpcError;
    }

    /** A JSON-RPC error answer. */
    static final class RpcError extends Exception {
        static final int PARSE_ERROR = -32700;
        static final int INVALID_REQUEST = -32600;
        static final int METHOD_NOT_FOUND = -32601;
        static final int INVALID_PARAMS = -32602;
        static final int INTERNAL_ERROR = -32603;
        /** The Model Context Protocol's "resource not found". */
        static final int RESOURCE_NOT_FOUND = -32002;
        /** The implementation's own range (-32000 to -32099): too much work in flight. */
        static final int BUSY = -32000;

        final int code;
        final transient JsonNode data;

        RpcError(int code, String message, JsonNode data) {
            super(message);
            this.code = code;
            this.data = data;
        }

        RpcError(int code, String message) {
            this(code, message, null);
        }
    }

    /** Requests at most queued or running at once; one more is answered busy. */
    static final int MAX_IN_FLIGHT = 16;
    /** How many slow requests run at once (the machines btexplain targets have two cores). */
    private static final int WORKERS = 2;
    /** How much of a line too long to read is kept to find its id and method. */
    private static final int HEAD = 4096;

    private final Methods methods;
    private final long longestLine;
    private final Duration longestWork;
    private final ObjectMapper json;
    private final OutputStream out;
    private final ExecutorService work = Executors.newFixedThreadPool(WORKERS, r -> {
        Thread t = new Thread(r, "btexplain-mcp-work");
        t.setDaemon(true);
        return t;
    });
    /** The slow requests queued or running, by id, so that a client's cancellation reaches them. */
    private final Map<JsonNode, Future<?>> inFlight = new ConcurrentHashMap<>();
    private volatile boolean outputClosed;

    /**
     * @param longestLine the longest line read; a longer one is skipped and answered with {@link Methods#tooLong}
     * @param longestWork how long the answers in flight when the input ends may still take
     */
    StdioJsonRpc(Methods methods, long longestLine, Duration longestWork, OutputStream out) {
        this.methods = methods;
        this.longestLine = longestLine;
        this.longestWork = longestWork;
        this.out = out;
        this.json = JsonMapper.builder(com.fasterxml.jackson.core.JsonFactory.builder()
                        .streamReadConstraints(StreamReadConstraints.builder()
                                .maxStringLength((int) Math.min(Integer.MAX_VALUE, longestLine))
                                .maxNestingDepth(64).build())
                        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build())
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
    }

    /** Reads and answers lines until the input ends, then waits for the answers in flight; returns then. */
    void serve(InputStream in) throws IOException, InterruptedException {
        LineReader lines = new LineReader(in, longestLine, HEAD);
        for (LineReader.Line line = lines.next(); line != null && !outputClosed; line = lines.next()) {
            if (line.whole()) {
                handle(line.bytes(), line.length());
            } else {
                handleTooLong(line);
            }
        }
        work.shutdown();
        if (!work.awaitTermination(longestWork.toMillis(), TimeUnit.MILLISECONDS)) {
            work.shutdownNow();
        }
    }

    private void handle(byte[] bytes, int length) {
        if (isBlank(bytes, length)) {
            return; // nothing was sent, so nothing is answered
        }
        JsonNode message;
        try {
            message = json.readTree(bytes, 0, length);
        } catch (IOException e) {
            sendError(null, new RpcError(RpcError.PARSE_ERROR, "parse error: the line is not one JSON value"
                    + (e instanceof JsonProcessingException p ? " (" + firstLine(p.getOriginalMessage()) + ")" : "")));
            return;
        }
        if (message == null || !message.isObject()) {
            sendError(null, new RpcError(RpcError.INVALID_REQUEST, message != null && message.isArray()
                    ? "invalid request: batches are not supported; send one JSON-RPC object per line"
                    : "invalid request: a message is one JSON-RPC object"));
            return;
        }
        JsonNode id = message.get("id");
        boolean validId = id != null && (id.isTextual() || id.isIntegralNumber());
        if (id != null && !validId) {
            sendError(null, new RpcError(RpcError.INVALID_REQUEST, "invalid request: an id is a string or an integer"));
            return;
        }
        if (!"2.0".equals(message.path("jsonrpc").textValue())) {
            sendError(id, new RpcError(RpcError.INVALID_REQUEST, "invalid request: \"jsonrpc\" must be \"2.0\""));
            return;
        }
        JsonNode method = message.get("method");
        if (method == null && id != null && (message.has("result") || message.has("error"))) {
            return; // a response, and this server sends no requests: nothing to do
        }
        if (method == null || !method.isTextual()) {
            sendError(id, new RpcError(RpcError.INVALID_REQUEST, "invalid request: \"method\" must be a string"));
            return;
        }
        JsonNode params = message.get("params");
        if (params != null && !params.isObject()) {
            sendError(id, new RpcError(RpcError.INVALID_PARAMS, "invalid params: \"params\" must be an object"));
            return;
        }
        ObjectNode given = params == null ? json.createObjectNode() : (ObjectNode) params;
        if (id == null) {
            notification(method.textValue(), given);
        } else if (methods.isSlow(method.textValue())) {
            slow(id, method.textValue(), given);
        } else {
            answer(id, method.textValue(), given);
        }
    }

    private void notification(String method, ObjectNode params) {
        if (method.equals("notifications/cancelled")) {
            Future<?> cancelled = inFlight.remove(params.path("requestId"));
            if (cancelled != null) {
                cancelled.cancel(true); // and no answer: the client no longer waits for one
            }
        }
    }

    private void slow(JsonNode id, String method, ObjectNode params) {
        synchronized (inFlight) {
            if (inFlight.containsKey(id)) {
                sendError(id, new RpcError(RpcError.INVALID_REQUEST, "invalid request: a request with this id is still "
                        + "in flight"));
                return;
            }
            if (inFlight.size() >= MAX_IN_FLIGHT) {
                sendError(id, new RpcError(RpcError.BUSY, "busy: " + MAX_IN_FLIGHT + " requests are already queued or "
                        + "running; send this one again when one of them is answered"));
                return;
            }
            // registered before it can run, so that its end always finds (and removes) itself
            Future<?>[] self = new Future<?>[1];
            Runnable task = () -> {
                try {
                    JsonNode result = answerOrError(id, method, params);
                    if (inFlight.remove(id, self[0]) && result != null) {
                        sendResult(id, result);
                    }
                } finally {
                    inFlight.remove(id, self[0]);
                }
            };
            self[0] = new java.util.concurrent.FutureTask<Void>(task, null);
            inFlight.put(id, self[0]);
            work.execute((Runnable) self[0]);
        }
    }

    private void answer(JsonNode id, String method, ObjectNode params) {
        JsonNode result = answerOrError(id, method, params);
        if (result != null) {
            sendResult(id, result);
        }
    }

    /** The result, or null when the error was sent instead. */
    private JsonNode answerOrError(JsonNode id, String method, ObjectNode params) {
        try {
            return methods.answer(method, params);
        } catch (RpcError e) {
            sendError(id, e);
        } catch (RuntimeException e) {
            sendError(id, new RpcError(RpcError.INTERNAL_ERROR, "internal error: " + e));
        }
        return null;
    }

    private void handleTooLong(LineReader.Line line) {
        JsonNode id = null;
        String method = null;
        // the head names the id and method when the client wrote them before the params, as clients do
        try (com.fasterxml.jackson.core.JsonParser p = json.getFactory().createParser(line.bytes(), 0, line.length())) {
            if (p.nextToken() == JsonToken.START_OBJECT) {
                for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
                    String field = p.currentName();
                    JsonToken value = p.nextToken();
                    if (field.equals("id") && value == JsonToken.VALUE_STRING) {
                        id = json.getNodeFactory().textNode(p.getText());
                    } else if (field.equals("id") && value == JsonToken.VALUE_NUMBER_INT) {
                        id = json.getNodeFactory().numberNode(p.getBigIntegerValue());
                    } else if (field.equals("method") && value == JsonToken.VALUE_STRING) {
                        method = p.getText();
                    } else {
                        p.skipChildren();
                    }
                }
            }
        } catch (IOException e) {
            // the head ended before the id: answered with a null id
        }
        try {
            JsonNode result = methods.tooLong(method, line.total());
            if (id != null) {
                sendResult(id, result);
            }
        } catch (RpcError e) {
            sendError(id, e);
        }
    }

    private void sendResult(JsonNode id, JsonNode result) {
        ObjectNode m = json.createObjectNode().put("jsonrpc", "2.0");
        m.set("id", id);
        m.set("result", result);
        send(m);
    }

    private void sendError(JsonNode id, RpcError e) {
        ObjectNode m = json.createObjectNode().put("jsonrpc", "2.0");
        m.set("id", id == null ? json.nullNode() : id);
        ObjectNode error = m.putObject("error").put("code", e.code).put("message", e.getMessage());
        if (e.data != null) {
            error.set("data", e.data);
        }
        send(m);
    }

    /** One message, one line; the workers and the reader write through here, one whole line at a time. */
    private synchronized void send(ObjectNode message) {
        if (outputClosed) {
            return;
        }
        try {
            out.write(json.writeValueAsBytes(message)); // JSON escapes every newline inside strings
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            outputClosed = true; // the client is gone: nothing more can be answered
        }
    }

    private static boolean isBlank(byte[] bytes, int length) {
        for (int i = 0; i < length; i++) {
            if (bytes[i] != ' ' && bytes[i] != '\t' && bytes[i] != '\r') {
                return false;
            }
        }
        return true;
    }

    private static String firstLine(String s) {
        String line = s == null ? "" : s.lines().findFirst().orElse("");
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }

    /** Lines of a stream, each kept whole up to a limit; a longer one is read to its end but only its head kept. */
    static final class LineReader {
        /** A line: its first {@code length} bytes; {@code whole} when that is all of it, {@code total} its length. */
        record Line(byte[] bytes, int length, long total, boolean whole) {
        }

        private final InputStream in;
        private final long limit;
        private final int head;
        private final byte[] chunk = new byte[1 << 16];
        private int pos;
        private int end;

        LineReader(InputStream in, long limit, int head) {
            this.in = in;
            this.limit = limit;
            this.head = head;
        }

        /** The next line without its '\n', or null at the end of the input. */
        Line next() throws IOException {
            byte[] line = new byte[256];
            int kept = 0;
            long total = 0;
            boolean any = false;
            while (true) {
                if (pos == end) {
                    end = in.read(chunk);
                    pos = 0;
                    if (end <= 0) {
                        end = 0;
                        return any ? done(line, kept, total) : null;
                    }
                }
                any = true;
                int stop = pos;
                while (stop < end && chunk[stop] != '\n') {
                    stop++;
                }
                int n = stop - pos;
                int room = total + n <= limit ? n : (int) Math.max(0, Math.min(n, head - kept));
                if (total + n > limit && kept > head) {
                    line = Arrays.copyOf(line, head); // over the limit: only the head is kept, the rest let go
                    kept = head;
                    room = 0;
                }
                if (room > 0) {
                    if (kept + room > line.length) {
                        line = Arrays.copyOf(line, (int) Math.min(Integer.MAX_VALUE - 8, Math.max(kept + room, 2L * line.length)));
                    }
                    System.arraycopy(chunk, pos, line, kept, room);
                    kept += room;
                }
                total += n;
                pos = stop;
                if (stop < end) {
                    pos++; // the '\n'
                    return done(line, kept, total);
                }
            }
        }

        private Line done(byte[] line, int kept, long total) {
            return new Line(line, kept, total, total <= limit);
        }
    }
}
