package dev.btexplain.cli;

import dev.btexplain.Btexplain;
import dev.btexplain.analyze.Analysis;
import dev.btexplain.analyze.PackLearner;
import dev.btexplain.knowledge.KnowledgeException;
import dev.btexplain.knowledge.KnowledgeLoader;
import dev.btexplain.model.Backtrace;
import dev.btexplain.parse.UnusableInputException;
import dev.btexplain.report.PackWriter;
import dev.btexplain.report.Report;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code btexplain learn CAPTURE... -o DIR}: a knowledge pack for the program of captures taken while it was healthy
 * (its recognition, a role per thread family, the home waits seen), checked by the same loader as a written pack.
 */
@Command(name = "learn", mixinStandardHelpOptions = true,
        description = "Writes a knowledge pack for the program of these captures, taken while it was healthy: its threads' "
                + "families and the waits each was seen at, which become their home waits. Use it with --knowledge DIR on "
                + "later captures of the same program.")
public final class LearnCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "CAPTURE", description = "Listings of the program (gdb, LLDB, eu-stack...), healthy.")
    List<Path> captures;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "DIR",
            description = "The pack folder to write (new or empty); its name is the pack's id: lower case letters, digits and '-'.")
    Path output;

    @Mixin
    KnowledgeOptions knowledge;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (Files.isRegularFile(output) || Files.isDirectory(output) && !empty(output)) {
            throw new InputException("learn: " + output + " exists and is not an empty folder: give a new one");
        }
        Btexplain.Options options = new Btexplain.Options(Btexplain.Options.DEFAULT_MAX_INPUT_BYTES, knowledge.load());
        List<Backtrace> backtraces = new ArrayList<>();
        List<Analysis> analyses = new ArrayList<>();
        List<String> files = new ArrayList<>();
        for (Path c : captures) {
            try {
                Report r = Btexplain.explain(c, options);
                backtraces.add(r.backtrace());
                analyses.add(r.analysis());
                files.add(c.getFileName().toString());
            } catch (java.nio.file.NoSuchFileException e) {
                throw new InputException("learn: " + c + ": no such file");
            } catch (UnusableInputException e) {
                throw new InputException("learn: " + c + ": " + e.getMessage());
            }
        }
        // a pack's id is its folder's name (the loader checks it): the folder names the pack
        String id = output.toAbsolutePath().normalize().getFileName().toString();
        if (!KnowledgeLoader.isPackId(id)) {
            throw new InputException("learn: the pack's folder is its id: name it with lower case letters, digits and '-' "
                    + "(for example -o " + suggestion(backtraces, analyses, files) + ")");
        }
        PackLearner.LearnedPack pack = PackLearner.learn(id, backtraces, analyses, files);
        if (pack.roles().isEmpty()) {
            throw new InputException("learn: no thread of these captures has a name or a start function to know it by");
        }
        // written beside, checked by the loader every pack goes through, then moved into place
        Path staging = Files.createTempDirectory("btexplain-learn");
        Path folder = staging.resolve(id);
        try {
            PackWriter.write(pack, folder);
            KnowledgeLoader.loadWith(List.of(folder));
            Files.createDirectories(output);
            try (Stream<Path> s = Files.list(folder)) {
                for (Path f : (Iterable<Path>) s::iterator) {
                    Files.copy(f, output.resolve(f.getFileName()));
                }
            }
        } catch (KnowledgeException e) {
            throw new IllegalStateException("the learned pack does not load: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new InputException("learn: cannot write " + output + ": " + e.getMessage());
        } finally {
            try (Stream<Path> s = Files.walk(staging)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        String program = pack.executable() == null ? id : pack.executable();
        spec.commandLine().getOut().println("btexplain: learned " + pack.roles().size() + " thread " + (pack.roles().size() == 1
                ? "family" : "families") + " of " + program + " from " + captures.size() + " capture"
                + (captures.size() == 1 ? "" : "s") + " into " + output + "; use it with: btexplain --knowledge " + output + " CAPTURE");
        return 0;
    }

    /** A folder name for the pack: the program's name as an id, else "my-program". */
    private static String suggestion(List<Backtrace> backtraces, List<Analysis> analyses, List<String> files) {
        String program = PackLearner.learn("pack", backtraces, analyses, files).executable();
        String id = program == null ? "" : PackLearner.asId(program);
        return id.isEmpty() ? "my-program" : id;
    }

    private static boolean empty(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        }
    }
}
