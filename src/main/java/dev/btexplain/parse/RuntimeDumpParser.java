package dev.btexplain.parse;

/**
 * The parsers of a language runtime's own dumps (jstack, goroutine dumps, faulthandler, Python tracebacks): their
 * frames print no address, and a frame without one is not an inlined frame there (as it is in LLDB's listings).
 */
abstract class RuntimeDumpParser extends LineByLineParser {
    @Override
    final TraceBuilder builder() {
        return new TraceBuilder(false);
    }

    /**
     * A frame read before its stack is written out: a traceback printed oldest first, or a Java cause's frames, which
     * the next trace's "... N more" shares.
     *
     * @param line the input line it was printed on
     */
    record PrintedFrame(String function, String file, int sourceLine, String library, int line) {
    }
}
