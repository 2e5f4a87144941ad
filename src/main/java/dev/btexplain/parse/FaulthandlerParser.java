package dev.btexplain.parse;

import dev.btexplain.model.DebuggerEvent;
import dev.btexplain.model.InputFormat;
import dev.btexplain.model.RuntimeView;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CPython's faulthandler dump (Python/traceback.c, Modules/faulthandler.c, 3.3 to 3.14): on a fatal error ("Fatal
 * Python error: Segmentation fault"), after a timeout ({@code dump_traceback_later}: "Timeout (0:00:05)!"), on a
 * registered signal or from {@code faulthandler.dump_traceback()}. Each thread is a header naming its pthread_t
 * ({@code Thread 0x00007f3fae8dc6c0 (most recent call first):}, "Current thread" for the one that dumped or faulted,
 * "Stack" when only that one is dumped), then its Python frames, innermost first:
 * {@code   File "/usr/lib/python3.11/threading.py", line 320 in wait}. faulthandler prints the code object's name
 * only; the frame's function is named with its module, as Python names it ({@code threading.wait}), read from the
 * file's path. From 3.14 the current thread's C stack follows ("Current thread's C stack trace"): those frames are
 * its native ones, joined with its Python frames as a debugger's listing would be.
 */
public final class FaulthandlerParser extends RuntimeDumpParser {
    private static final Pattern HEADER = Pattern.compile("^(Current thread|Thread) 0x([0-9a-fA-F]{1,16}) \\(most recent call first\\):$");
    /** {@code   File "path", line 12 in name}; any part faulthandler could not read is "???". */
    private static final Pattern FRAME = Pattern.compile("^File (?:\"(.*)\"|\\?\\?\\?), line (\\d{1,9}|\\?\\?\\?) in (.+)$");
    /** 3.14's C stack: {@code   Binary file "/usr/bin/python3", at _Py_DumpStack+0x42 [0x5b27f7d7147e]} ("at +0x…" without a symbol). */
    private static final Pattern C_FRAME = Pattern.compile("^Binary file \"(.*)\", at ([^\\s+]*)\\+0x[0-9a-fA-F]+ \\[0x([0-9a-fA-F]+)\\]$");
    /** The standard library's folder (lib/python3.11/, Lib/ on Windows), after which a path is a module's. */
    private static final Pattern LIBRARY_DIR = Pattern.compile("(?:^|[/\\\\])(?:lib[/\\\\]python\\d(?:\\.\\d+)?t?|Lib)[/\\\\]"
            + "(?:(?:site|dist)-packages[/\\\\])?");
    /** What a shell prints when the process it ran dies of a signal ("Segmentation fault (core dumped)"). */
    private static final Pattern SHELL_SIGNAL = Pattern.compile(
            "^(?:Segmentation fault|Aborted|Bus error|Illegal instruction|Floating point exception)(?: \\(core dumped\\))?$");
    private static final Pattern FROZEN = Pattern.compile("^<frozen ([\\w.]+)>$");

    private int frame;
    private int threads;
    private String state;
    /** 3.14's C stack of the current thread: a thread of its own, joined with the Python one by its pthread_t. */
    private String currentPthread;
    private Integer currentNumber;
    private boolean cStack;

    @Override
    public InputFormat format() {
        return InputFormat.FAULTHANDLER;
    }


    @Override
    void read(TraceBuilder b, String line, String t, int n) {
        Matcher m;
        if ((m = HEADER.matcher(t)).matches()) {
            endThread(b);
            boolean current = m.group(1).equals("Current thread");
            String pthread = "0x" + Long.toHexString(Long.parseUnsignedLong(m.group(2), 16));
            b.startThread(++threads, null, null, current, n);
            b.pthread(pthread);
            if (current) {
                currentPthread = pthread;
                currentNumber = threads;
            }
        } else if (t.equals("Stack (most recent call first):")) {
            endThread(b);
            b.startThread(++threads, null, null, true, n);
        } else if (line.startsWith("  ") && b.inThread() && !cStack && (m = FRAME.matcher(t)).matches()) {
            String file = m.group(1);
            int sourceLine = m.group(2).equals("???") ? 0 : Integer.parseInt(m.group(2));
            b.frame(frame++, 0, 0, qualified(file, m.group(3)), null, file, sourceLine, library(file), n);
        } else if (t.equals("Current thread's C stack trace (most recent call first):")) {
            endThread(b);
            cStack = true;
            b.startThread(currentNumber, null, null, false, n);
            b.pthread(currentPthread);
        } else if (cStack && (m = C_FRAME.matcher(t)).matches()) {
            String pc = m.group(3);
            b.frame(frame++, TraceBuilder.address(pc), TraceBuilder.digits(pc), m.group(2).isEmpty() ? "??" : m.group(2), null,
                    null, 0, m.group(1), n);
        } else if (b.inThread() && (t.equals("...") || t.equals("<truncated rest of calls>"))) {
            // "  ..." after the 100th frame (MAX_FRAME_DEPTH); a C stack's 32
            b.stopReason("the dump stops after " + frame + " frames (faulthandler's limit)");
        } else if (t.equals("...")) {
            b.event(DebuggerEvent.Kind.RUNTIME_REPORT, "faulthandler printed 100 threads and stopped (its limit): the rest are not in the dump", n);
        } else if (b.inThread() && t.equals("Garbage-collecting")) {
            state = "garbage-collecting";
            b.countLine();
        } else if (b.inThread() && (t.equals("<no Python frame>") || t.equals("<tstate is freed>")
                || t.equals("<cannot get C stack on this system>") || t.equals("<system returned no stack trace>"))) {
            b.stopReason(t.substring(1, t.length() - 1));
        } else if (t.startsWith("Fatal Python error: ") || t.startsWith("Windows fatal exception: ") || t.startsWith("Timeout (")
                || t.equals("<Cannot show all threads while the GIL is disabled>")) {
            endThread(b);
            b.event(DebuggerEvent.Kind.RUNTIME_REPORT, t, n);
        } else if (t.startsWith("Python runtime state: ") || t.startsWith("Extension modules: ")) {
            b.skip("python-fatal-error-detail");
        } else if (SHELL_SIGNAL.matcher(t).matches()) {
            b.skip("shell-signal-report"); // the shell's word on the signal that ended the process, after the dump
        } else {
            b.unparsed(n, line);
        }
    }

    /**
     * A frame's function as Python names it, module first: {@code threading.wait} for {@code wait} in
     * .../lib/python3.11/threading.py, {@code concurrent.futures.thread._worker}, {@code app.main} for a script's
     * app.py; a name faulthandler could not read, a module's top-level code ({@code <module>}), or a function of a
     * file that is no module ("<string>") stays as printed.
     */
    static String qualified(String file, String name) {
        if (file == null || name.equals("???") || name.equals("<module>")) {
            return name; // a module's top-level code: the file names the module
        }
        Matcher frozen = FROZEN.matcher(file);
        if (frozen.matches()) {
            return frozen.group(1) + "." + name;
        }
        if (file.startsWith("<") || !(file.endsWith(".py") || file.endsWith(".pyw"))) {
            return name;
        }
        String path = file.substring(0, file.lastIndexOf('.'));
        String dir = libraryDir(path);
        String module;
        if (dir != null) {
            module = path.substring(dir.length() + 1); // the last such folder: a virtual environment's site-packages
        } else {
            module = path.substring(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
        }
        return inModule(module, name);
    }

    /**
     * {@code name} qualified with the module a file path names (its folders, without ".py"): "concurrent/futures/thread"
     * gives concurrent.futures.thread.NAME, a package's "__init__" the package; a name of no module stays as it is.
     */
    static String inModule(String modulePath, String name) {
        String module = modulePath.replace('/', '.').replace('\\', '.');
        if (module.endsWith(".__init__")) {
            module = module.substring(0, module.length() - ".__init__".length());
        }
        return module.isEmpty() ? name : module + "." + name;
    }

    /**
     * The library a frame's file is of, by the name of its folder ("python3.11", "site-packages"): whose code it is;
     * the frame keeps the whole path. Null for the program's own files.
     */
    static String library(String file) {
        String dir = libraryDir(file);
        return dir == null ? null : dir.substring(Math.max(dir.lastIndexOf('/'), dir.lastIndexOf('\\')) + 1);
    }

    /**
     * The folder of the standard library or of installed packages a frame's file is in (".../lib/python3.11",
     * ".../site-packages"), as a thread dump names a JDK frame's module: the runtime's or a library's code, not the
     * program's; null for the program's own files.
     */
    static String libraryDir(String file) {
        if (file == null) {
            return null;
        }
        Matcher lib = LIBRARY_DIR.matcher(file);
        int end = -1;
        while (lib.find()) {
            end = lib.end();
        }
        return end < 0 ? null : file.substring(0, end - 1);
    }

    private void endThread(TraceBuilder b) {
        if (b.inThread()) {
            if (!cStack) {
                b.runtime(new RuntimeView("python", state, List.of()));
            }
            b.endThread();
        }
        frame = 0;
        state = null;
        cStack = false;
    }

    @Override
    void end(TraceBuilder b) {
        endThread(b);
    }
}
