package dev.btexplain.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded jar on a real Flink cluster: a standalone JobManager and a TaskManager, each a JVM of its own started from
 * the jar's classes as Flink's scripts start them, and the job submitted through Flink's command line front end (what
 * {@code flink run JAR ...} runs). Its bucket JSON is the in-process engine's, byte for byte, and the cluster lists the
 * job as finished.
 */
class FlinkClusterIT {
    private static final Path JAR = Path.of("target/btexplain-flink.jar");
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    @Test
    void aJobSubmittedToAStandaloneClusterGivesTheInProcessBuckets(@TempDir Path dir) throws Exception {
        assertTrue(Files.isRegularFile(JAR), "the shaded jar is built before this test (mvn verify)");
        int rest = freePort();
        int rpc = freePort();
        Path conf = Files.createDirectories(dir.resolve("conf"));
        // the memory and CPU of a TaskManager, which Flink's scripts compute before they start one
        Files.writeString(conf.resolve("config.yaml"), String.join("\n",
                "jobmanager.rpc.address: localhost", "jobmanager.rpc.port: " + rpc, "jobmanager.bind-host: localhost",
                "jobmanager.memory.process.size: 1024m",
                "taskmanager.host: localhost", "taskmanager.bind-host: localhost", "taskmanager.numberOfTaskSlots: 2",
                "taskmanager.cpu.cores: 2", "taskmanager.memory.framework.heap.size: 128m",
                "taskmanager.memory.framework.off-heap.size: 128m", "taskmanager.memory.task.heap.size: 512m",
                "taskmanager.memory.task.off-heap.size: 0m", "taskmanager.memory.network.min: 64m",
                "taskmanager.memory.network.max: 64m", "taskmanager.memory.managed.size: 128m",
                "taskmanager.memory.jvm-metaspace.size: 256m", "taskmanager.memory.jvm-overhead.min: 192m",
                "taskmanager.memory.jvm-overhead.max: 192m",
                "rest.address: localhost", "rest.bind-address: localhost", "rest.port: " + rest, "parallelism.default: 2", ""));
        List<Process> cluster = new ArrayList<>();
        try {
            cluster.add(flink(conf, dir.resolve("jobmanager.log"), "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint",
                    "--configDir", conf.toString()));
            cluster.add(flink(conf, dir.resolve("taskmanager.log"), "org.apache.flink.runtime.taskexecutor.TaskManagerRunner",
                    "--configDir", conf.toString()));
            JsonNode overview = awaitSlots(rest, cluster);
            assertEquals(2, overview.get("slots-total").asInt(), overview.toString());

            String[] inputs = {Path.of("../src/test/resources/captures/gcc").toString(), Path.of("../src/test/resources/captures/jstack").toString()};
            List<String> submit = new ArrayList<>(List.of("org.apache.flink.client.cli.CliFrontend", "run", JAR.toString(),
                    "fleet", "--engine", "flink", "--format", "json"));
            submit.addAll(List.of(inputs));
            Path out = dir.resolve("cluster.json");
            Process client = flink(conf, out, submit.toArray(String[]::new));
            assertTrue(client.waitFor(300, TimeUnit.SECONDS), "the job ends");
            String printed = Files.readString(out, StandardCharsets.UTF_8);
            assertEquals(0, client.exitValue(), printed);
            // the front end says it submitted the job, then the program's own output follows
            assertTrue(printed.startsWith("Job has been submitted with JobID "), printed);
            String buckets = printed.substring(printed.indexOf('\n') + 1);

            FlinkEngineTest.Run inProcess = FlinkEngineTest.fleet(FlinkEngineTest.concat("--format", "json", inputs));
            assertEquals(0, inProcess.status(), inProcess.err());
            assertTrue(inProcess.out().contains("\"buckets\""), inProcess.out());
            assertEquals(inProcess.out(), buckets, "byte-identical bucket JSON");

            JsonNode jobs = get(rest, "/jobs/overview").get("jobs");
            assertEquals(1, jobs.size(), jobs.toString());
            assertEquals("btexplain fleet", jobs.get(0).get("name").asText());
            assertEquals("FINISHED", jobs.get(0).get("state").asText());
        } finally {
            for (Process p : cluster) {
                p.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
            }
        }
    }

    /** A JVM on the shaded jar, as Flink's scripts start one: the packages Flink opens, its configuration folder. */
    private static Process flink(Path conf, Path output, String... mainAndArgs) throws IOException {
        List<String> command = new ArrayList<>(List.of(JAVA));
        try (JarFile jar = new JarFile(JAR.toFile())) {
            for (String opens : jar.getManifest().getMainAttributes().getValue("Add-Opens").split("\\s+")) {
                command.add("--add-opens=" + opens + "=ALL-UNNAMED");
            }
        }
        command.addAll(List.of("-cp", JAR.toString()));
        command.addAll(List.of(mainAndArgs));
        ProcessBuilder b = new ProcessBuilder(command).redirectErrorStream(false).redirectOutput(output.toFile())
                .redirectError(output.resolveSibling(output.getFileName() + ".err").toFile());
        b.environment().put("FLINK_CONF_DIR", conf.toString());
        return b.start();
    }

    /** The cluster's overview once its TaskManager has registered its slots. */
    private static JsonNode awaitSlots(int rest, List<Process> cluster) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        JsonNode last = null;
        while (System.nanoTime() < end) {
            for (Process p : cluster) {
                assertTrue(p.isAlive(), "a cluster process ended: " + p.info());
            }
            try {
                last = get(rest, "/overview");
                if (last.path("taskmanagers").asInt() >= 1 && last.path("slots-total").asInt() > 0) {
                    return last;
                }
            } catch (IOException notYet) {
                // the JobManager's REST endpoint is not up yet
            }
            Thread.sleep(500);
        }
        throw new AssertionError("no TaskManager registered: " + last);
    }

    private static JsonNode get(int rest, String path) throws IOException, InterruptedException {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + rest + path))
                .timeout(java.time.Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        return new ObjectMapper().readTree(r.body());
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
