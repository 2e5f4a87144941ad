package dev.btexplain.capture;

/** A capture that could not be made; the message says what failed and what to do. */
public final class CaptureException extends Exception {
    public CaptureException(String message) {
        super(message);
    }
}
