package dev.btexplain.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code btexplain gdb-init [FILE]}: the gdb Python script that adds the {@code btexplain} command to gdb, printed or
 * written to FILE. The script runs this same btexplain (its Java and class path) through {@code gdb-bridge}.
 */
@Command(name = "gdb-init", mixinStandardHelpOptions = true,
        description = "Prints (or writes to FILE) a gdb script that adds the command 'btexplain' to gdb: load it with "
                + "'source FILE' or a 'source FILE' line in ~/.gdbinit, then '(gdb) btexplain' explains the process gdb debugs.")
public final class GdbInitCommand implements Callable<Integer> {
    @Parameters(arity = "0..1", paramLabel = "FILE", description = "Where to write the script (default: standard output).")
    Path file;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        String script = script();
        if (file == null) {
            spec.commandLine().getOut().print(script);
            return 0;
        }
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            Files.writeString(file, script);
        } catch (IOException e) {
            throw new InputException("gdb-init: cannot write " + file + ": " + e.getMessage());
        }
        spec.commandLine().getOut().println("btexplain: wrote " + file + "; load it in gdb with: source "
                + file.toAbsolutePath() + " (or add that line to ~/.gdbinit)");
        return 0;
    }

    /** The script, with this JVM's java, class path and class-data archive written in as Python string literals. */
    static String script() throws IOException {
        String template;
        try (InputStream in = GdbInitCommand.class.getResourceAsStream("/gdb/btexplain.py")) {
            template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String javaCommand = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(p -> Path.of(p).toAbsolutePath().toString()).collect(Collectors.joining(File.pathSeparator));
        // the launcher's class-data archive beside the jar, used when it exists at the time gdb runs the command
        String archive = classPath.endsWith(".jar") && !classPath.contains(File.pathSeparator)
                ? classPath.substring(0, classPath.length() - ".jar".length()) + ".jsa" : "";
        ObjectMapper json = new ObjectMapper(); // a JSON string is a valid Python string literal
        return template.replace("@JAVA@", json.writeValueAsString(javaCommand))
                .replace("@CLASS_PATH@", json.writeValueAsString(classPath))
                .replace("@SHARED_ARCHIVE@", json.writeValueAsString(archive))
                // a JSON list of strings is a Python list of them; the packs' commands are checked to be views only
                .replace("@RUNTIME_VIEWS@", json.writeValueAsString(dev.btexplain.knowledge.KnowledgeBase.builtIn().runtimeGdbCommands()));
    }
}
