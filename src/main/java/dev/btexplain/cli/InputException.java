package dev.btexplain.cli;

/** Unusable input or arguments (a missing file, an unreadable one): exit status 2 with one line on stderr. */
public class InputException extends Exception {
    public InputException(String message) {
        super(message);
    }
}
