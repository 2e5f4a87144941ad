package dev.btexplain.capture;

/** A capture that could not be made; the message says what failed and what to do. */
public final class CaptureException extends Exception {
    private final boolean interrupted;

    public CaptureException(String message) {
        this(message, false);
    }

    private CaptureException(String message, boolean interrupted) {
        super(message);
        this.interrupted = interrupted;
    }

    /** The capture stopped because btexplain was interrupted (a signal, the JVM exiting), not because it failed. */
    static CaptureException interrupted(String message) {
        return new CaptureException(message, true);
    }

    public boolean interrupted() {
        return interrupted;
    }
}
