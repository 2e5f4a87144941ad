package dev.btexplain.parse;

import dev.btexplain.model.Backtrace;
import dev.btexplain.model.InputFormat;
import java.io.IOException;

/** Reads one text format into the model. One implementation per format, as satyr has one per method. */
public interface BacktraceParser {

    InputFormat format();

    /**
     * Reads every line of {@code lines}. Never fails on content: what it does not understand is counted and
     * reported as warnings in the result.
     */
    Backtrace parse(LineSource lines) throws IOException;
}
