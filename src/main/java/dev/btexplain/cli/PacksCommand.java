package dev.btexplain.cli;

import dev.btexplain.knowledge.KnowledgeException;
import dev.btexplain.knowledge.KnowledgeLoader;
import dev.btexplain.knowledge.PackSchema;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code btexplain packs}: for the authors of knowledge packs. */
@Command(name = "packs", mixinStandardHelpOptions = true, subcommands = PacksCommand.Check.class,
        description = "Tools for knowledge pack authors (docs/knowledge.md).")
public final class PacksCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    /**
     * {@code btexplain packs check PATH...}: each pack folder (or a folder of packs, or a file of function entries)
     * against the schemas of the pack files, every error with its file and field, then through the loader that every
     * pack goes through (regular expressions, ids of roles and states).
     */
    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Checks knowledge packs against the pack file schemas (knowledge/schema) and the loader: every "
                    + "error with its file and field. Exit status 0 when every pack holds, 2 when one does not.")
    static final class Check implements Callable<Integer> {
        @Parameters(arity = "1..*", paramLabel = "PATH", description = "A pack folder, a folder of packs, or a file of "
                + "function entries.")
        List<Path> paths;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            boolean allHold = true;
            for (Path pack : packs()) {
                List<String> errors = new ArrayList<>(PackSchema.errors(pack));
                if (errors.isEmpty()) {
                    try {
                        KnowledgeLoader.loadWith(List.of(pack));
                    } catch (KnowledgeException e) {
                        errors.add(e.getMessage());
                    }
                }
                errors.forEach(out::println);
                out.println(pack + ": " + (errors.isEmpty() ? "ok" : errors.size() + (errors.size() == 1 ? " error" : " errors")));
                allHold &= errors.isEmpty();
            }
            out.flush();
            return allHold ? 0 : 2;
        }

        /** The packs the paths name: a folder with a pack.json, each such folder in a folder of packs, or a file. */
        private List<Path> packs() throws InputException, java.io.IOException {
            List<Path> packs = new ArrayList<>();
            for (Path p : paths) {
                if (!Files.exists(p)) {
                    throw new InputException("packs check: " + p + ": no such file or folder");
                }
                if (!Files.isDirectory(p) || Files.exists(p.resolve("pack.json"))) {
                    packs.add(p);
                    continue;
                }
                try (var list = Files.list(p)) {
                    list.filter(f -> Files.exists(f.resolve("pack.json"))).sorted().forEach(packs::add);
                }
                if (packs.isEmpty()) {
                    throw new InputException("packs check: " + p + ": neither a pack (no pack.json) nor a folder of packs");
                }
            }
            return packs;
        }
    }
}
