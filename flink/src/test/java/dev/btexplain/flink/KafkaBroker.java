package dev.btexplain.flink;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A one-node Kafka broker (KRaft: its own controller) in a process of its own, from the test's class path. */
final class KafkaBroker {
    private KafkaBroker() {
    }

    static Process start(Path dir, int port, int controller) throws Exception {
        Path data = Files.createDirectories(dir.resolve("kafka-data"));
        Path config = dir.resolve("server.properties");
        Files.writeString(config, String.join("\n", List.of(
                "process.roles=broker,controller", "node.id=1",
                "controller.quorum.bootstrap.servers=127.0.0.1:" + controller,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controller,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port, "controller.listener.names=CONTROLLER",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + data, "num.partitions=1", "offsets.topic.replication.factor=1",
                "transaction.state.log.replication.factor=1", "transaction.state.log.min.isr=1",
                "group.initial.rebalance.delay.ms=0")) + "\n");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classPath = System.getProperty("java.class.path");
        Process format = new ProcessBuilder(java, "-cp", classPath, "kafka.tools.StorageTool", "format", "--standalone",
                "-t", "btexplainFleetTest0001", "-c", config.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("format.log").toFile()).start();
        if (!format.waitFor(60, TimeUnit.SECONDS) || format.exitValue() != 0) {
            throw new IllegalStateException("kafka storage format failed: " + Files.readString(dir.resolve("format.log")));
        }
        Process broker = new ProcessBuilder(java, "-Xmx512m", "-cp", classPath, "kafka.Kafka", config.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("broker.log").toFile()).start();
        for (int i = 0; i < 600; i++) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return broker;
            } catch (IOException notYet) {
                if (!broker.isAlive()) {
                    throw new IllegalStateException("the Kafka broker stopped: " + Files.readString(dir.resolve("broker.log")));
                }
                Thread.sleep(100);
            }
        }
        broker.destroyForcibly();
        throw new IllegalStateException("the Kafka broker did not listen on " + port);
    }
}
