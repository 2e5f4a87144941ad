package dev.btexplain.parse;

import dev.btexplain.model.DebuggerEvent;
import dev.btexplain.model.InputFormat;
import dev.btexplain.model.RuntimeView;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Python exception's traceback, as the interpreter prints an uncaught one (Python/traceback.c, Lib/traceback.py):
 * {@code Traceback (most recent call last):}, each frame a {@code   File "…", line N, in NAME} line (oldest first)
 * with its source line and, from 3.11, the {@code ^^^^} markers under it, then the exception's line
 * ({@code FileNotFoundError: [Errno 2] …}). Chained exceptions ("During handling of the above exception…", "The above
 * exception was the direct cause…") are stacks of their own named by their line ("Cause: KeyError: 'port'", "Context:
 * …"), the last one the exception that ended the thread; a
 * thread's own uncaught exception is titled {@code Exception in thread NAME:} (threading.excepthook). Frames are named
 * as faulthandler's are, module first.
 */
public final class PythonTracebackParser extends RuntimeDumpParser {
    private static final Pattern FRAME = Pattern.compile("^File \"(.*)\", line (\\d{1,9}), in (.+)$");
    /** The exception's line: a class name, then its message ({@code KeyError: 'name'}, {@code module.CustomError: x}). */
    private static final Pattern EXCEPTION = Pattern.compile("^[A-Za-z_][\\w.]*(?:: .*)?$");
    /** 3.11's markers under a source line ({@code ^^^^^}, {@code ~~~~^^^~~}). */
    private static final Pattern MARKERS = Pattern.compile("^[~^]+$");
    private static final Pattern THREAD_TITLE = Pattern.compile("^Exception in thread (.+?):$");
    private static final Pattern REPEATED = Pattern.compile("^\\[Previous line repeated \\d+ more times?\\]$");

    /** A traceback read so far: printed oldest first, written out innermost first; {@code exception} its last line. */
    private static final class Stack {
        final String name;
        final int headerLine;
        final List<PrintedFrame> frames = new ArrayList<>();
        String exception;
        int exceptionLine;
        /** "Cause: " or "Context: " when the next exception was raised from this one or while handling it. */
        String chained;

        Stack(String name, int headerLine) {
            this.name = name;
            this.headerLine = headerLine;
        }
    }

    private final List<Stack> stacks = new ArrayList<>();
    private Stack open;
    private String threadName;
    /** Inside a stack, after a File line: its source line and markers follow. */
    private boolean afterFrame;

    @Override
    public InputFormat format() {
        return InputFormat.PYTHON_TRACEBACK;
    }


    @Override
    void read(TraceBuilder b, String line, String t, int n) {
        Matcher m;
        if (t.equals("Traceback (most recent call last):")) {
            open = new Stack(threadName, n);
            stacks.add(open);
            afterFrame = false;
            b.countLine();
        } else if (open != null && line.startsWith("  ") && (m = FRAME.matcher(t)).matches()) {
            String file = m.group(1);
            open.frames.add(new PrintedFrame(FaulthandlerParser.qualified(file, m.group(3)), file, Integer.parseInt(m.group(2)),
                    FaulthandlerParser.library(file), n));
            afterFrame = true;
        } else if (open != null && afterFrame && line.startsWith("    ")) {
            b.skip(MARKERS.matcher(t).matches() ? "python-source-markers" : "python-source-line");
        } else if (open != null && REPEATED.matcher(t).matches()) {
            b.skip("python-repeated-frames");
        } else if (open != null && !line.startsWith(" ") && EXCEPTION.matcher(t).matches()) {
            open.exception = t;
            open.exceptionLine = open.headerLine;
            open = null;
            afterFrame = false;
            b.countLine();
        } else if ((m = THREAD_TITLE.matcher(t)).matches()) {
            threadName = m.group(1);
            b.countLine();
        } else if (!stacks.isEmpty() && (t.equals("During handling of the above exception, another exception occurred:")
                || t.equals("The above exception was the direct cause of the following exception:"))) {
            // the exception above is the next one's cause (raise ... from) or its context (raised while handling it)
            stacks.get(stacks.size() - 1).chained = t.startsWith("During") ? "Context: " : "Cause: ";
            b.countLine();
        } else {
            b.unparsed(n, line);
        }
    }

    @Override
    void end(TraceBuilder b) {
        for (int i = 0; i < stacks.size(); i++) {
            Stack s = stacks.get(i);
            List<PrintedFrame> frames = s.frames;
            // the last traceback is the exception that ended the thread: the one the report is about; an earlier one is
            // an exception it was raised while handling, named by its own line
            boolean last = i == stacks.size() - 1;
            String name = last || s.chained == null || s.exception == null ? s.name : s.chained + s.exception;
            b.startStack(name, last, frames.isEmpty() ? s.headerLine : frames.get(0).line());
            for (int k = frames.size() - 1, index = 0; k >= 0; k--, index++) {
                PrintedFrame f = frames.get(k);
                b.frame(index, 0, 0, f.function(), null, f.file(), f.sourceLine(), f.library(), f.line());
            }
            b.runtime(new RuntimeView("python", null, List.of()));
            b.endThread();
            if (last && s.exception != null) {
                b.eventOnCountedLine(DebuggerEvent.Kind.RUNTIME_REPORT, s.exception, s.exceptionLine);
            }
        }
    }
}
