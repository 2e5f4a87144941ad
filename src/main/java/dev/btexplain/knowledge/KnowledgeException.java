package dev.btexplain.knowledge;

/** A knowledge file that cannot be used; the message names the file and the entry. */
public final class KnowledgeException extends Exception {
    public KnowledgeException(String message) {
        super(message);
    }
}
