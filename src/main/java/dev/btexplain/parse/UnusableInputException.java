package dev.btexplain.parse;

/** The input cannot be read as a backtrace at all; the message is the one line a user sees. */
public class UnusableInputException extends Exception {
    public UnusableInputException(String message) {
        super(message);
    }
}
