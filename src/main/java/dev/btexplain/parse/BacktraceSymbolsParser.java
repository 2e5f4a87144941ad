package dev.btexplain.parse;

import dev.btexplain.model.DebuggerEvent;
import dev.btexplain.model.InputFormat;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * glibc's {@code backtrace_symbols} lines, as crash handlers print them into logs:
 * {@code /usr/local/mysql/bin/mysqld(_ZN4JOIN8optimizeEv+0x51)[0x55d2d8bdb553]}, {@code ./prog(+0x1a)[0x55...]},
 * and the resolved form some print ({@code sql/item.cc:10700(Item_type_holder::val_int())[0x55d2d8bddbf3]},
 * {@code ??:0(abort)[0x7fed...]}). One run of consecutive frame lines is one stack, the first marked as the one
 * that crashed; "got signal N" and "Assertion ... failed" lines become events; the rest is the log's prose.
 */
public final class BacktraceSymbolsParser extends LineByLineParser {
    /** module-or-location ( symbol [+offset] ) [address]. */
    private static final Pattern FRAME = Pattern.compile("^(.*?)\\(([^()]*(?:\\([^()]*\\)[^()]*)*)\\)\\s*\\[(0x[0-9a-fA-F]{1,16})\\]$");
    private static final Pattern LOCATION = Pattern.compile("^([^/\\s][^\\s]*):(\\d{1,9})$");
    private static final Pattern GOT_SIGNAL = Pattern.compile("got signal (\\d+)");
    /** Linux numbering of the fatal signals a crash handler reports. */
    private static final Map<String, String> SIGNALS = Map.of("4", "SIGILL", "6", "SIGABRT", "7", "SIGBUS", "8", "SIGFPE",
            "11", "SIGSEGV");

    private boolean first = true;

    @Override
    public InputFormat format() {
        return InputFormat.BACKTRACE_SYMBOLS;
    }

    @Override
    void blank(TraceBuilder b) {
        b.endThread();
    }

    @Override
    void read(TraceBuilder b, String line, String stripped, int n) {
        String t = stripped.replaceFirst("^(>\\s?)+", "").strip(); // e-mail quoting
        Matcher m = FRAME.matcher(t);
        if (m.matches()) {
            if (!b.inThread()) {
                b.startStack(null, first, n);
                first = false;
            }
            frame(b, m, n);
            return;
        }
        b.endThread();
        Matcher s = GOT_SIGNAL.matcher(t);
        if (s.find() && SIGNALS.containsKey(s.group(1))) {
            b.event(DebuggerEvent.Kind.SIGNAL_RECEIVED, "Program received signal " + SIGNALS.get(s.group(1)) + " (" + t + ")", n);
        } else if (t.contains("Assertion `") && t.endsWith("failed.")) {
            b.event(DebuggerEvent.Kind.PROGRAM_OUTPUT, t, n);
        } else {
            b.skip(t.isEmpty() ? "blank" : "log-text");
        }
    }

    private void frame(TraceBuilder b, Matcher m, int line) {
        String where = m.group(1).strip();
        String symbol = m.group(2).replaceFirst("\\+0x[0-9a-fA-F]+$", "");
        String function = symbol.isEmpty() ? "??" : symbol;
        String file = null;
        int sourceLine = 0;
        String library = null;
        Matcher loc = LOCATION.matcher(where);
        if (loc.matches()) {
            if (!loc.group(1).equals("??")) {
                file = loc.group(1);
                sourceLine = Integer.parseInt(loc.group(2));
            }
        } else if (!where.isEmpty()) {
            library = where;
        }
        String address = m.group(3).substring(2);
        b.frame(b.frameCount(), TraceBuilder.address(address), TraceBuilder.digits(address), function, null, file, sourceLine, library, line);
    }
}
