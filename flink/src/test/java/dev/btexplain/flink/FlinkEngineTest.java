package dev.btexplain.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.btexplain.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Flink engine on a local MiniCluster gives the in-process engine's buckets, byte for byte. */
class FlinkEngineTest {
    /** The main project's own captures: every format btexplain reads, crashes, hangs and deadlocks. */
    private static final Path CAPTURES = Path.of("../src/test/resources/captures");

    record Run(int status, String out, String err) {
    }

    static Run fleet(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> all = new ArrayList<>(List.of("fleet"));
        all.addAll(List.of(args));
        int status = Main.commandLine(new PrintWriter(out), new PrintWriter(err)).execute(all.toArray(String[]::new));
        return new Run(status, out.toString(), err.toString());
    }

    @Test
    void theSameBucketJsonAsInProcess(@TempDir Path dir) throws Exception {
        // an NDJSON file of the captures with a sender's metadata, and lines that cannot be read
        List<String> lines = new ArrayList<>();
        int n = 0;
        try (var files = Files.walk(CAPTURES.resolve("gcc"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".txt")).sorted().toList()) {
                n++;
                lines.add(new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode()
                        .put("report", Files.readString(f, StandardCharsets.UTF_8)).put("time", "2026-12-0" + (1 + n % 5) + "T10:00:00Z")
                        .put("host", "host-" + n % 7).put("version", "1." + n % 3).toString());
            }
        }
        lines.add("not json");
        lines.add("{\"time\": \"2026-12-01\"}");
        Path ndjson = dir.resolve("reports.ndjson");
        Files.write(ndjson, lines);
        Path gz = dir.resolve("again.ndjson.gz"); // the same reports gzip'd: one task inflates and signs them
        try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(gz))) {
            Files.copy(ndjson, out);
        }
        String[] inputs = {CAPTURES.toString(), ndjson.toString(), gz.toString()};

        Run inProcess = fleet(concat("--format", "json", inputs));
        Run flink = fleet(concat("--engine", "flink", "--format", "json", inputs));
        assertEquals(0, inProcess.status(), inProcess.err());
        assertEquals(0, flink.status(), flink.err());
        assertTrue(inProcess.out().contains("\"buckets\"") && inProcess.out().contains("\"why\" : \"not a JSON object\""),
                inProcess.out());
        assertEquals(inProcess.out(), flink.out(), "byte-identical bucket JSON");
    }

    @Test
    void aWatchedFolderStreamsTheReportsThatArrive(@TempDir Path dir) throws Exception {
        Path inbox = Files.createDirectories(dir.resolve("inbox"));
        Path gcc = CAPTURES.resolve("gcc");
        Files.copy(gcc.resolve("segv-in-worker-core.txt"), inbox.resolve("a.txt"));
        Files.copy(gcc.resolve("segv-in-worker-run-session.txt"), inbox.resolve("b.txt"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        // a first table, then one more when a report arrives: the job is cancelled after it
        java.util.concurrent.CompletableFuture<Integer> watching = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> Main.commandLine(new PrintWriter(out, true), new PrintWriter(err, true))
                        .execute("fleet", "--engine", "flink", "--watch", "500ms", "--polls", "1", inbox.toString()));
        long deadline = System.currentTimeMillis() + 60_000;
        while (!out.toString().contains("2 reports in 1 buckets") && System.currentTimeMillis() < deadline && !watching.isDone()) {
            Thread.sleep(100);
        }
        assertTrue(out.toString().startsWith("2 reports in 1 buckets"), out + "\n" + err);
        // written elsewhere, then moved in whole: what a file source must be given
        Path written = Files.copy(gcc.resolve("handler-hang.txt"), dir.resolve("c.txt"));
        Files.move(written, inbox.resolve("c.txt"));
        assertEquals(0, watching.get(60, java.util.concurrent.TimeUnit.SECONDS), err.toString());
        assertTrue(out.toString().contains(": 1 new report\n3 reports in 1 buckets"), out.toString());
    }

    @Test
    void aKafkaTopicsReportsAreStreamed(@TempDir Path dir) throws Exception {
        int port;
        int controller;
        try (java.net.ServerSocket a = new java.net.ServerSocket(0); java.net.ServerSocket b = new java.net.ServerSocket(0)) {
            port = a.getLocalPort();
            controller = b.getLocalPort();
        }
        Process broker = KafkaBroker.start(dir, port, controller);
        try {
            String servers = "127.0.0.1:" + port;
            Path gcc = CAPTURES.resolve("gcc");
            java.util.Properties p = new java.util.Properties();
            p.put("bootstrap.servers", servers);
            p.put("key.serializer", "org.apache.kafka.common.serialization.StringSerializer");
            p.put("value.serializer", "org.apache.kafka.common.serialization.StringSerializer");
            try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<String, String>(p)) {
                // a report's text, and an NDJSON object with one and its sender's metadata
                producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>("crashes",
                        Files.readString(gcc.resolve("segv-in-worker-core.txt")))).get();
                producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>("crashes",
                        new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode().put("report",
                                Files.readString(gcc.resolve("segv-in-worker-run-session.txt"))).put("host", "db-7").toString())).get();
                StringWriter out = new StringWriter();
                StringWriter err = new StringWriter();
                java.util.concurrent.CompletableFuture<Integer> watching = java.util.concurrent.CompletableFuture.supplyAsync(
                        () -> Main.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute("fleet", "--engine",
                                "flink", "--kafka", servers + "/crashes", "--watch", "500ms", "--polls", "1"));
                long deadline = System.currentTimeMillis() + 90_000;
                while (!out.toString().contains("2 reports in 1 buckets") && System.currentTimeMillis() < deadline && !watching.isDone()) {
                    Thread.sleep(100);
                }
                assertTrue(out.toString().startsWith("2 reports in 1 buckets"), out + "\n" + err);
                producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>("crashes",
                        Files.readString(gcc.resolve("handler-hang.txt")))).get();
                assertEquals(0, watching.get(90, java.util.concurrent.TimeUnit.SECONDS), err.toString());
                assertTrue(out.toString().contains(": 1 new report\n3 reports in 1 buckets"), out.toString());
            }
        } finally {
            broker.destroyForcibly().waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    static String[] concat(String a, String b, String[] rest) {
        return concat(new String[] {a, b}, rest);
    }

    private static String[] concat(String a, String b, String c, String d, String[] rest) {
        return concat(new String[] {a, b, c, d}, rest);
    }

    private static String[] concat(String[] head, String[] rest) {
        String[] all = java.util.Arrays.copyOf(head, head.length + rest.length);
        System.arraycopy(rest, 0, all, head.length, rest.length);
        return all;
    }
}
