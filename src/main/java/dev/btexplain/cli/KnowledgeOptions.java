package dev.btexplain.cli;

import dev.btexplain.knowledge.KnowledgeBase;
import dev.btexplain.knowledge.KnowledgeException;
import dev.btexplain.knowledge.KnowledgeLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The --knowledge option of every command that explains. */
public final class KnowledgeOptions {
    @Option(names = "--knowledge", paramLabel = "DIR|FILE",
            description = "A knowledge pack of your own (a folder: pack.json, functions.json, roles.json...) or a file of "
                    + "function entries, merged over the built-in knowledge (docs/knowledge.md); may be given several times.")
    List<Path> files = new ArrayList<>();

    /** The built-in knowledge with the user's files over it; a broken file is exit 2. */
    KnowledgeBase load() throws InputException {
        try {
            return KnowledgeLoader.loadWith(files);
        } catch (KnowledgeException e) {
            throw new InputException("--knowledge: " + e.getMessage());
        }
    }
}
