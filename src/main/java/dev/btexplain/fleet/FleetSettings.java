package dev.btexplain.fleet;

import dev.btexplain.Btexplain;
import dev.btexplain.knowledge.KnowledgeException;
import dev.btexplain.knowledge.KnowledgeLoader;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.List;

/**
 * What a fleet run is told, as names of files only: an engine that runs on other machines sends these, and each of its
 * workers {@link #prepare}s the same signer from them.
 *
 * @param knowledge packs and function files of the user's (--knowledge)
 * @param rules     signature rules added to the built-in ones (--rules), null for none
 * @param overrides the user's merges and splits (--overrides), null for none
 */
public record FleetSettings(List<String> knowledge, String rules, String overrides) implements Serializable {
    public FleetSettings {
        knowledge = List.copyOf(knowledge);
    }

    /** What signs a report, made from the settings. */
    public record Prepared(Signer signer, Overrides overrides, Btexplain.Options options, String rulesVersion) {
    }

    /** The signer, the decisions and the options these files make; a broken file is an IllegalArgumentException naming it. */
    public Prepared prepare() {
        try {
            Btexplain.Options options = new Btexplain.Options(Btexplain.Options.DEFAULT_MAX_INPUT_BYTES,
                    KnowledgeLoader.loadWith(knowledge.stream().map(Path::of).toList()));
            SignatureRules signatureRules = rules == null ? SignatureRules.builtIn() : withRules(SignatureRules.builtIn());
            return new Prepared(new Signer(signatureRules, options.knowledge()), decisions(), options, signatureRules.version());
        } catch (KnowledgeException e) {
            throw new IllegalArgumentException("--knowledge: " + e.getMessage(), e);
        }
    }

    private Overrides decisions() {
        try {
            return overrides == null ? Overrides.NONE : Overrides.read(Path.of(overrides));
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("--overrides " + overrides + ": " + e.getMessage(), e);
        }
    }

    private SignatureRules withRules(SignatureRules builtIn) {
        try {
            return builtIn.with(Path.of(rules));
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("--rules " + rules + ": " + e.getMessage(), e);
        }
    }
}
