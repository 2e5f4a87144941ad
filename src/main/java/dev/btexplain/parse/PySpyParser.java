package dev.btexplain.parse;

import dev.btexplain.model.InputFormat;
import dev.btexplain.model.RuntimeView;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * py-spy's dump of a running Python process ({@code py-spy dump --pid PID}; layout of src/dump.rs and
 * src/stack_trace.rs): a header naming the process and the interpreter, then each thread, oldest first, as
 * {@code Thread 2462 (idle): "MainThread"} — the OS thread id (the LWP; the pthread_t in hex, {@code 0x7F…}, where
 * py-spy could not read it), what the thread was doing when sampled (idle: not on a CPU; active: on one; active+gil:
 * on one holding the GIL) and its name — then its frames, innermost first, {@code     wait (threading.py:320)}: the
 * code object's name and the file as py-spy shortens it (the path inside its package). {@code --native} adds the
 * native frames between ({@code __futex_abstimed_wait_common (libc.so.6)}, {@code 0x7f3a1c (?)} unresolved);
 * {@code --locals} each frame's arguments and locals, which are counted and skipped.
 */
public final class PySpyParser extends RuntimeDumpParser {
    /** {@code Thread 2462 (idle): "MainThread"}; the status is "(gil)" or absent in py-spy's other printers. */
    static final Pattern HEADER = Pattern.compile("^Thread (\\d{1,10}|0x[0-9A-Fa-f]{1,16})(?: \\((idle|active|active\\+gil|gil)\\))?"
            + "(?:: \"(.*)\")?$");
    /** {@code wait (threading.py:320)}, {@code <module> (app.py)} when the line is not known. */
    private static final Pattern FRAME = Pattern.compile("^(.+?) \\(([^()]*?)(?::(\\d{1,9}))?\\)$");
    /** A Python source file, as a code object names it ("app.py", "<frozen importlib._bootstrap>", "<string>"). */
    private static final Pattern PYTHON_FILE = Pattern.compile("\\.pyw?$|^<[^>]*>$");
    /** A native frame's module: a shared object or an executable ("libc.so.6", "python3.11"), not a source file. */
    private static final Pattern SOURCE_FILE = Pattern.compile("\\.(?:c|cc|cpp|cxx|h|hpp|hh|rs|pyx|S|s)$");

    private int frame;
    private int threads;
    private String state;
    /** Inside a frame's "Arguments:" or "Locals:" list (py-spy --locals). */
    private boolean locals;

    @Override
    public InputFormat format() {
        return InputFormat.PY_SPY;
    }

    @Override
    void read(TraceBuilder b, String line, String t, int n) {
        Matcher m;
        if (!line.startsWith(" ") && (m = HEADER.matcher(t)).matches()) {
            endThread(b);
            String id = m.group(1);
            boolean lwp = !id.startsWith("0x");
            state = m.group(2);
            b.startThread(++threads, lwp ? Long.valueOf(id) : null, m.group(3), false, n);
            if (!lwp) {
                b.pthread("0x" + Long.toHexString(Long.parseUnsignedLong(id.substring(2), 16)));
            }
        } else if (b.inThread() && line.startsWith("        ") && (t.equals("Arguments:") || t.equals("Locals:"))) {
            locals = true;
            b.skip("py-spy-locals");
        } else if (b.inThread() && locals && line.startsWith("            ")) {
            b.skip("py-spy-locals"); // "name: repr" of a frame's argument or local
        } else if (b.inThread() && line.startsWith("    ") && (m = FRAME.matcher(t)).matches()) {
            locals = false;
            frame(b, m.group(1), m.group(2), m.group(3) == null ? 0 : Integer.parseInt(m.group(3)), n);
        } else if (t.startsWith("Process ") || t.startsWith("Parent Process ") || t.startsWith("Python v")) {
            endThread(b);
            b.skip("py-spy-process"); // the process's command line and interpreter: the threads say the rest
        } else if (t.chars().allMatch(c -> c == '-')) {
            endThread(b);
            b.skip("py-spy-subprocess"); // --subprocesses: a rule before each child process's dump
        } else {
            b.unparsed(n, line);
        }
    }

    private void frame(TraceBuilder b, String name, String file, int sourceLine, int n) {
        if (PYTHON_FILE.matcher(file).find()) {
            b.frame(frame++, 0, 0, qualified(file, name), null, file, sourceLine, FaulthandlerParser.library(file), n);
        } else if (name.startsWith("0x") && file.equals("?")) {
            // --native: an address py-spy could not name
            b.frame(frame++, TraceBuilder.address(name.substring(2)), TraceBuilder.digits(name.substring(2)), "??", null, null, 0,
                    null, n);
        } else if (SOURCE_FILE.matcher(file).find()) {
            b.frame(frame++, 0, 0, name, null, file, sourceLine, null, n);
        } else {
            b.frame(frame++, 0, 0, name, null, null, 0, file, n);
        }
    }

    /**
     * A frame's function as Python names it, module first. py-spy prints a file as its path inside its package
     * ("concurrent/futures/thread.py": its folders up to the first without an __init__.py are cut), so that path is
     * the module's name; a whole path (--full-filenames) is read as faulthandler's are.
     */
    static String qualified(String file, String name) {
        if (file.startsWith("/") || file.startsWith("<") || file.contains("\\") || file.contains(":") || name.equals("<module>")
                || !file.endsWith(".py")) {
            return FaulthandlerParser.qualified(file, name);
        }
        return FaulthandlerParser.inModule(file.substring(0, file.length() - ".py".length()), name);
    }

    private void endThread(TraceBuilder b) {
        if (b.inThread()) {
            b.runtime(new RuntimeView("python", state, List.of()));
            b.endThread();
        }
        frame = 0;
        state = null;
        locals = false;
    }

    @Override
    void end(TraceBuilder b) {
        endThread(b);
    }
}
