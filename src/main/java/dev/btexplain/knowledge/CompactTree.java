package dev.btexplain.knowledge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The built-in knowledge's JSON files in a form read without a JSON parser: a tree of tagged values, written at build
 * time ({@link #main}, Maven's process-classes phase) into one bundle beside the JSON it comes from. A short run spends most of its
 * start reading knowledge, and a cold JSON tokenizer is the slow part of that; this form is read in a fraction of the
 * time into the same tree (CompactTreeTest checks both give equal trees).
 */
public final class CompactTree {
    /** What the prepared files start with: never the start of a JSON text. */
    static final byte[] MAGIC = {0, 'B', 'T', 'X', 'T', 1};
    /** The prepared files, all in one resource (one read instead of a class path lookup per file). */
    static final String BUNDLE = "/knowledge-prepared.bin";

    private static final int NULL = 0;
    private static final int TRUE = 1;
    private static final int FALSE = 2;
    private static final int LONG = 3;
    private static final int DOUBLE = 4;
    private static final int TEXT = 5;
    private static final int ARRAY = 6;
    private static final int OBJECT = 7;

    private CompactTree() {
    }

    static boolean isCompact(byte[] bytes) {
        return bytes.length >= MAGIC.length && Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length);
    }

    static byte[] write(JsonNode tree) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.write(MAGIC);
            write(tree, out);
        }
        return bytes.toByteArray();
    }

    private static void write(JsonNode n, DataOutputStream out) throws IOException {
        if (n.isNull()) {
            out.writeByte(NULL);
        } else if (n.isBoolean()) {
            out.writeByte(n.booleanValue() ? TRUE : FALSE);
        } else if (n.isIntegralNumber() && n.canConvertToLong()) {
            out.writeByte(LONG);
            out.writeLong(n.longValue());
        } else if (n.isNumber()) {
            out.writeByte(DOUBLE);
            out.writeDouble(n.doubleValue());
        } else if (n.isTextual()) {
            out.writeByte(TEXT);
            text(n.textValue(), out);
        } else if (n.isArray()) {
            out.writeByte(ARRAY);
            out.writeInt(n.size());
            for (JsonNode e : n) {
                write(e, out);
            }
        } else if (n.isObject()) {
            out.writeByte(OBJECT);
            out.writeInt(n.size());
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                text(e.getKey(), out);
                write(e.getValue(), out);
            }
        } else {
            throw new IOException("not a JSON value: " + n.getNodeType());
        }
    }

    private static void text(String s, DataOutputStream out) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    static JsonNode read(byte[] bytes) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes, MAGIC.length, bytes.length - MAGIC.length));
        return read(in, JsonNodeFactory.instance);
    }

    private static JsonNode read(DataInputStream in, JsonNodeFactory f) throws IOException {
        int tag = in.readByte();
        switch (tag) {
            case NULL:
                return f.nullNode();
            case TRUE:
                return f.booleanNode(true);
            case FALSE:
                return f.booleanNode(false);
            case LONG: {
                long v = in.readLong();
                return v == (int) v ? f.numberNode((int) v) : f.numberNode(v);
            }
            case DOUBLE:
                return f.numberNode(in.readDouble());
            case TEXT:
                return f.textNode(text(in));
            case ARRAY: {
                int n = in.readInt();
                ArrayNode a = f.arrayNode(n);
                for (int i = 0; i < n; i++) {
                    a.add(read(in, f));
                }
                return a;
            }
            case OBJECT: {
                int n = in.readInt();
                ObjectNode o = f.objectNode();
                for (int i = 0; i < n; i++) {
                    String key = text(in);
                    o.set(key, read(in, f));
                }
                return o;
            }
            default:
                throw new IOException("not a prepared knowledge file (tag " + tag + ")");
        }
    }

    private static String text(DataInputStream in) throws IOException {
        byte[] b = new byte[in.readInt()];
        in.readFully(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    /**
     * The bundle on the class path: each built-in JSON file's prepared form by its name under the knowledge folder
     * ("packs/qemu/functions.json"); null when the build made none (then the JSON files are read).
     */
    static Map<String, byte[]> bundle() throws IOException {
        try (java.io.InputStream raw = CompactTree.class.getResourceAsStream(BUNDLE)) {
            if (raw == null) {
                return null;
            }
            DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(raw));
            int n = in.readInt();
            Map<String, byte[]> files = new java.util.HashMap<>();
            for (int i = 0; i < n; i++) {
                String name = text(in);
                byte[] b = new byte[in.readInt()];
                in.readFully(b);
                files.put(name, b);
            }
            return files;
        }
    }

    /** Build step: every JSON file under CLASSES/knowledge, prepared, into the bundle CLASSES/knowledge-prepared.bin. */
    public static void main(String[] args) throws IOException {
        Path classes = Path.of(args[0]);
        Path from = classes.resolve("knowledge");
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        List<Path> files;
        try (Stream<Path> s = Files.walk(from)) {
            files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        try (DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(
                Files.newOutputStream(classes.resolve(BUNDLE.substring(1)))))) {
            out.writeInt(files.size());
            for (Path f : files) {
                text(from.relativize(f).toString().replace('\\', '/'), out);
                byte[] b = write(json.readTree(f.toFile()));
                out.writeInt(b.length);
                out.write(b);
            }
        }
    }
}
