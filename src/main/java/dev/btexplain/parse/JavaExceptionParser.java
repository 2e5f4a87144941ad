package dev.btexplain.parse;

import dev.btexplain.model.DebuggerEvent;
import dev.btexplain.model.InputFormat;
import dev.btexplain.model.RuntimeView;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Java exception's stack trace, as Throwable.printStackTrace prints it (an uncaught one after
 * {@code Exception in thread "main"}, or a logged one): the exception's line, its frames ({@code \tat
 * java.base/java.io.FileInputStream.open0(Native Method)}, innermost first), then each cause ({@code Caused by: …}) and
 * suppressed exception ({@code Suppressed: …}) with its own frames, whose {@code ... 5 more} stands for the last frames
 * of the trace it is nested in, which are copied back. The first exception is the one thrown out of the thread; each
 * cause is a stack named by its line.
 */
public final class JavaExceptionParser extends RuntimeDumpParser {
    private static final Pattern UNCAUGHT = Pattern.compile("^Exception in thread \"(.*)\" (.+)$");
    /** A logged exception's first line: a class name ending the way the JDK's do, then its message. */
    private static final Pattern THROWN = Pattern.compile("^(?:[a-z][\\w$]*\\.)+[A-Z][\\w$]*(?:Exception|Error|Throwable)(?:: .*)?$");
    private static final Pattern NESTED = Pattern.compile("^(Caused by|Suppressed): (.+)$");
    private static final Pattern FRAME = Pattern.compile("^at (?:([\\w.$]+(?:@[\\w.+-]+)?)/)?(?:([\\w.$]*)/)?([^\\s(/]+)\\(([^():]*?)(?::(\\d{1,9}))?\\)$");
    private static final Pattern MORE = Pattern.compile("^\\.\\.\\. (\\d{1,9}) more$");

    /** One exception's trace: {@code parent} the trace it is nested in (its cause's or suppressed's), -1 for the first. */
    private static final class Trace {
        final String name;
        final int line;
        final int depth;
        final int parent;
        final List<PrintedFrame> frames = new ArrayList<>();
        /** A top-level exception's line: the report; null for a cause. */
        String report;
        int more;

        Trace(String name, int line, int depth, int parent) {
            this.name = name;
            this.line = line;
            this.depth = depth;
            this.parent = parent;
        }
    }

    private final List<Trace> traces = new ArrayList<>();

    @Override
    public InputFormat format() {
        return InputFormat.JAVA_EXCEPTION;
    }

    @Override
    void read(TraceBuilder b, String line, String t, int n) {
        Matcher m;
        int depth = indentOf(line);
        if ((m = UNCAUGHT.matcher(t)).matches() && depth == 0) {
            traces.add(new Trace(m.group(1), n, 0, -1));
            last().report = t;
            b.countLine();
        } else if (depth == 0 && THROWN.matcher(t).matches()) {
            traces.add(new Trace("Thrown: " + t, n, 0, -1)); // a logged exception: the trace of no thread's end
            last().report = t;
            b.countLine();
        } else if (!traces.isEmpty() && (m = NESTED.matcher(t)).matches()) {
            traces.add(new Trace(t, n, depth, enclosing(depth, m.group(1).equals("Suppressed"))));
            b.countLine();
        } else if (!traces.isEmpty() && (m = FRAME.matcher(t)).matches()) {
            // the module (java.base, or java.base@17.0.2) or a class loader's name (app) before the class
            String module = m.group(2) != null && !m.group(2).isEmpty() ? m.group(2) : m.group(1);
            last().frames.add(new PrintedFrame(m.group(3), JstackParser.sourceFile(m.group(4)),
                    m.group(5) == null ? 0 : Integer.parseInt(m.group(5)), module, n));
        } else if (!traces.isEmpty() && (m = MORE.matcher(t)).matches()) {
            last().more = Integer.parseInt(m.group(1));
            b.skip("java-frames-in-common");
        } else {
            b.unparsed(n, line);
        }
    }

    private Trace last() {
        return traces.get(traces.size() - 1);
    }

    /**
     * The trace a nested one at this indent belongs to: a cause continues the chain at its own indent (the trace
     * before it at that indent), a suppressed exception is one tab deeper than the trace that suppressed it.
     */
    private int enclosing(int depth, boolean suppressed) {
        for (int i = traces.size() - 1; i >= 0; i--) {
            Trace x = traces.get(i);
            if (suppressed ? x.depth < depth : x.depth == depth) {
                return i;
            }
        }
        return traces.size() - 1;
    }

    private static int indentOf(String line) {
        int tabs = 0;
        while (tabs < line.length() && line.charAt(tabs) == '\t') {
            tabs++;
        }
        return tabs;
    }

    @Override
    void end(TraceBuilder b) {
        for (int i = 0; i < traces.size(); i++) {
            Trace x = traces.get(i);
            List<PrintedFrame> frames = new ArrayList<>(x.frames);
            // "... N more": the last N frames of the trace it is nested in, which the JVM does not print twice
            Trace outer = x.parent >= 0 ? traces.get(x.parent) : null;
            List<PrintedFrame> outerFrames = outer == null ? List.of() : outer.frames;
            for (int k = Math.max(0, outerFrames.size() - x.more); x.more > 0 && k < outerFrames.size(); k++) {
                frames.add(outerFrames.get(k));
            }
            b.startStack(x.name, x.parent < 0, frames.isEmpty() ? x.line : frames.get(0).line());
            for (int k = 0; k < frames.size(); k++) {
                PrintedFrame f = frames.get(k);
                if (k < x.frames.size()) {
                    b.frame(k, 0, 0, f.function(), null, f.file(), f.sourceLine(), f.library(), f.line());
                } else {
                    b.frameAgain(k, f.function(), f.file(), f.sourceLine(), f.library(), f.line());
                }
            }
            b.runtime(new RuntimeView("jvm", null, List.of()));
            b.endThread();
        }
        for (Trace x : traces) {
            if (x.report != null) {
                b.eventOnCountedLine(DebuggerEvent.Kind.RUNTIME_REPORT, x.report, x.line);
            }
        }
    }
}
