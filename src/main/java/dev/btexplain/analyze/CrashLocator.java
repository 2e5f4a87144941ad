package dev.btexplain.analyze;

import dev.btexplain.knowledge.Category;
import dev.btexplain.knowledge.FunctionEntry;
import dev.btexplain.knowledge.KnowledgeBase;
import dev.btexplain.knowledge.Pack;
import dev.btexplain.model.Backtrace;
import dev.btexplain.model.DebuggerEvent;
import dev.btexplain.model.Frame;
import dev.btexplain.model.Snapshot;
import dev.btexplain.model.ThreadTrace;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the process crashed, an ordered fallback like satyr's, each rung commented: the fatal signal gdb printed and
 * the thread it names, else its current thread, else the thread of the frame gdb printed after the signal line, else
 * the lone thread shown, else the one thread on the abort path; a tool's report (a sanitizer, a kernel oops) without a
 * signal line; and, with no signal at all, a thread on the abort path as the stack alone shows it.
 */
final class CrashLocator {
    private static final Pattern SIGNAL = Pattern.compile("(?:received|terminated with) signal (SIG[A-Z0-9]+|\\d{1,3})\\b");
    /** gdb's stop frame: "#0  0x00007f778873dbde in _dbus_list_foreach () from …" or "#0  g_str_hash (v=…) at ghash.c:1871". */
    private static final Pattern STOP = Pattern.compile("^(?:#0\\s+)?(?:(0x[0-9a-fA-F]{1,16}) in )?(\\S+) \\(.*?(?:\\) at (\\S+:\\d+))?\\s*$");
    private static final Pattern THREAD = Pattern.compile("^Thread (\\d+)\\b");

    private final KnowledgeBase kb;

    CrashLocator(KnowledgeBase kb) {
        this.kb = kb;
    }

    /**
     * The fatal signal gdb reported (the last one), and the thread it hit: the one gdb named, else its current
     * thread, else the thread whose frame #0 gdb printed right after the signal line (a core's current thread), else
     * the only thread shown, else the one thread on the abort path. A core's terminating signal ended the program
     * whatever it is (SIGTRAP from a fatal g_log too); a live stop is a crash only for the fatal signals.
     */
    Crash locate(Backtrace bt, Function<ThreadTrace, CallPath> paths, Reported reported) {
        Crash crash = null;
        for (DebuggerEvent e : bt.events()) {
            if (e.kind() != DebuggerEvent.Kind.SIGNAL_RECEIVED && e.kind() != DebuggerEvent.Kind.PROGRAM_TERMINATED) {
                continue;
            }
            Matcher m = SIGNAL.matcher(e.text());
            if (!m.find()) {
                continue;
            }
            String signal = m.group(1).startsWith("SIG") ? m.group(1)
                    : kb.states().signalNumbers().getOrDefault(m.group(1), "signal " + m.group(1));
            if (e.kind() == DebuggerEvent.Kind.SIGNAL_RECEIVED && !kb.states().fatalSignals().contains(signal)) {
                continue;
            }
            Integer thread = null;
            int stackLine = 0;
            Matcher t = THREAD.matcher(e.text());
            if (t.find()) {
                thread = Integer.valueOf(t.group(1));
            } else {
                ThreadTrace hit = bt.threads().stream().filter(ThreadTrace::current).reduce((a, b) -> b).orElse(null);
                hit = hit != null ? hit : stoppedAt(bt, e);
                hit = hit != null || bt.threads().size() != 1 ? hit : bt.threads().get(0);
                if (hit != null && hit.number() == null) {
                    stackLine = hit.line(); // a lone "bt" after the signal line: no number to name it by
                } else if (hit != null) {
                    thread = hit.number();
                } else {
                    thread = onAbortPath(bt, paths, kb); // a core listed without gdb's current thread
                }
            }
            ThreadTrace crashed = crashedThread(bt.threads(), thread, stackLine);
            List<String> said = new ArrayList<>();
            for (DebuggerEvent o : bt.events()) {
                if (o.kind() == DebuggerEvent.Kind.PROGRAM_OUTPUT && o.line() < e.line()) {
                    said.add(o.text());
                }
            }
            String fromArguments = said.isEmpty() && crashed != null ? messageFromArguments(paths.apply(crashed)) : null;
            if (fromArguments != null) {
                said.add(fromArguments);
            }
            String programMessage = said.isEmpty() ? null : String.join(" / ", said);
            // JSON's message has always held both, the program's words first
            String message = programMessage == null ? e.text() : programMessage + " / " + e.text();
            crash = new Crash(thread, signal, message, programMessage, crashed == null ? null : signature(paths.apply(crashed), kb),
                    crashed == null ? -1 : ownFrame(paths.apply(crashed), kb), stackLine, origin(bt, signal, kb), crashed);
        }
        if (crash == null && (reported == null || reported.kind().verdict().equals("crash"))) {
            crash = reported(bt, paths, reported, kb);
        }
        return crash;
    }

    private static final Pattern SI_CODE = Pattern.compile("\\bsi_code = (-?\\d+)");
    private static final Pattern SI_PID = Pattern.compile("_kill = \\{si_pid = (\\d+)");
    private static final Pattern SI_ADDR = Pattern.compile("_sigfault = \\{si_addr = (0x[0-9a-fA-F]+)");

    /**
     * Where the signal came from, from gdb's print of $_siginfo (the last one): its si_code, the sender or the faulting
     * address. The process sent it to itself when the sender is its main thread's LWP (its PID). Null without a print.
     */
    static Crash.SignalOrigin origin(Backtrace bt, String signal, KnowledgeBase kb) {
        DebuggerEvent info = null;
        for (DebuggerEvent e : bt.events()) {
            info = e.kind() == DebuggerEvent.Kind.SIGNAL_INFO ? e : info;
        }
        Matcher code = info == null ? null : SI_CODE.matcher(info.text());
        if (code == null || !code.find() || signal == null) {
            return null;
        }
        int c = Integer.parseInt(code.group(1));
        dev.btexplain.knowledge.StateRules.SignalCode known = kb.states().signalCode(signal, c);
        boolean sent = known != null ? known.sent() : c <= 0;
        Matcher pid = SI_PID.matcher(info.text());
        Matcher addr = SI_ADDR.matcher(info.text());
        Long sender = sent && pid.find() ? Long.valueOf(pid.group(1)) : null;
        Long own = bt.threads().stream().filter(t -> Integer.valueOf(1).equals(t.number())).map(ThreadTrace::lwp)
                .filter(java.util.Objects::nonNull).findFirst().orElse(null);
        return new Crash.SignalOrigin(c, known == null ? null : known.name(), sent, sender != null && sender.equals(own), sender,
                !sent && addr.find() ? addr.group(1) : null, known == null ? null : known.text());
    }

    private static final Pattern SI_SIGNO = Pattern.compile("\\{si_signo = (\\d+),");

    /**
     * Where the signal a thread's handler runs for came from, when the input printed that signal's siginfo (an attach
     * reads it from the handler's signal frame): only when the print is of that very signal.
     */
    private Crash.SignalOrigin handlerSignalOrigin(Backtrace bt, String signal) {
        DebuggerEvent info = null;
        for (DebuggerEvent e : bt.events()) {
            info = e.kind() == DebuggerEvent.Kind.SIGNAL_INFO ? e : info;
        }
        Matcher signo = info == null || signal == null ? null : SI_SIGNO.matcher(info.text());
        return signo != null && signo.find() && signal.equals(kb.states().signalNumbers().get(signo.group(1)))
                ? origin(bt, signal, kb) : null;
    }

    /** The thread of a listing a crash names: by gdb's number, or by the line its stack starts on. */
    static ThreadTrace crashedThread(List<ThreadTrace> threads, Integer thread, int stackLine) {
        for (ThreadTrace t : threads) {
            if (thread != null ? thread.equals(t.number()) : stackLine > 0 && t.line() == stackLine) {
                return t;
            }
        }
        return null;
    }

    /**
     * The thread whose frame #0 is the frame gdb printed right after the signal line ("#0  0x00007f77… in
     * _dbus_list_foreach () from …"), or the frame #0 of a lone "bt" of the current thread printed before the full
     * listing: a core's current thread when the listing does not mark it. Matched by address, else by function and
     * source line; null unless exactly one thread of the last listing matches.
     */
    private static ThreadTrace stoppedAt(Backtrace bt, DebuggerEvent signal) {
        String address = null;
        String function = null;
        String at = null;
        for (DebuggerEvent e : bt.events()) {
            Matcher m = e.kind() == DebuggerEvent.Kind.STOP_LOCATION && e.line() > signal.line() ? STOP.matcher(e.text()) : null;
            if (m != null && m.find()) {
                address = m.group(1);
                function = m.group(2);
                at = m.group(3);
                break;
            }
        }
        if (function == null) {
            for (Snapshot s : bt.snapshots()) {
                ThreadTrace only = s.threads().size() == 1 ? s.threads().get(0) : null;
                if (s != bt.snapshots().get(bt.snapshots().size() - 1) && only != null && only.number() == null
                        && only.line() > signal.line() && !only.frames().isEmpty()) {
                    Frame f = only.frames().get(0);
                    address = f.hasAddress() ? f.address() : null;
                    function = f.function();
                    at = f.source() == null ? null : f.source().file() + ":" + f.source().line();
                    break;
                }
            }
        }
        if (function == null) {
            return null;
        }
        ThreadTrace found = null;
        for (ThreadTrace t : bt.threads()) {
            if (t.frames().isEmpty()) {
                continue;
            }
            Frame f = t.frames().get(0);
            boolean same = address != null ? f.hasAddress() && f.pc() == Long.parseUnsignedLong(address.substring(2), 16)
                    : f.function().equals(function) && (at == null || f.source() != null
                    && (f.source().file() + ":" + f.source().line()).endsWith(at));
            if (same && found != null) {
                return null;
            }
            found = same ? t : found;
        }
        return found;
    }

    /** The number of the one numbered thread on the abort path (the state rule's), or null when not exactly one. */
    private static Integer onAbortPath(Backtrace bt, Function<ThreadTrace, CallPath> paths, KnowledgeBase kb) {
        Integer found = null;
        for (ThreadTrace t : bt.threads()) {
            if (t.number() != null && CrashFrames.abortPathFrame(paths.apply(t), kb.states()) >= 0) {
                if (found != null) {
                    return null;
                }
                found = t.number();
            }
        }
        return found;
    }

    /**
     * The crash signature of a crashing thread's stack: the first three named frames of the program's own code
     * (library frames, the abort path and thread-start frames left out), normalized (no __GI_, no clone suffixes), so
     * that it stays the same across builds; library frames only when the program has none.
     */
    static String signature(CallPath p, KnowledgeBase kb) {
        String own = signature(p, true, kb);
        return own.isEmpty() ? signature(p, false, kb) : own;
    }

    private static String signature(CallPath p, boolean ownCodeOnly, KnowledgeBase kb) {
        StringBuilder b = new StringBuilder();
        int n = 0;
        for (int i = 0; i < p.size() && n < 3; i++) {
            if (!p.named(i)) {
                continue;
            }
            dev.btexplain.knowledge.FunctionEntry e = p.entry(i);
            boolean skip = e != null && (e.category() == dev.btexplain.knowledge.Category.ABORT
                    || e.category() == dev.btexplain.knowledge.Category.THREAD_START
                    || e.category() == dev.btexplain.knowledge.Category.REPORT);
            if (ownCodeOnly && isLibrary(p, i, kb)) {
                skip = true;
            }
            if (!skip) {
                b.append(n++ == 0 ? "" : " | ").append(p.name(i));
            }
        }
        return b.toString();
    }

    /**
     * A frame of a library the program calls or of a sanitizer's runtime (its interceptors): by its library path or
     * source, or by its entry's pack.
     */
    private static boolean isLibrary(CallPath p, int i, KnowledgeBase kb) {
        String lib = kb.libraryOf(p.frame(i));
        if (lib == null && p.entry(i) != null) {
            lib = p.entry(i).library();
        }
        Pack.Kind kind = lib == null ? null : kb.kind(lib);
        return kind == Pack.Kind.LIBRARY || kind == Pack.Kind.RUNTIME;
    }

    /**
     * Not the program's own module: a library a pack knows, or any shared object gdb printed the frame's path of (a
     * crash signature keeps an unknown library's frames, where its bug may be; "the program's own code" does not).
     */
    private static boolean notOwnModule(CallPath p, int i, KnowledgeBase kb) {
        String path = p.library(i);
        return isLibrary(p, i, kb) || path != null && SHARED_OBJECT.matcher(path).find();
    }

    /** A shared object's file name: "libevent-2.1.so.7", "libc.so.6", "lmnsd_ptcp.so". */
    private static final Pattern SHARED_OBJECT = Pattern.compile("\\.so(\\.[0-9.]+)?$");

    /**
     * The error message a crash path carries in its arguments when the program's own output was not captured
     * (a core file): {@code __assert_fail (assertion=0x… "q->len <= q->cap", file=…)} → "Assertion `q->len <= q->cap' failed".
     */
    static String messageFromArguments(CallPath p) {
        for (int i = 0; i < p.size(); i++) {
            dev.btexplain.knowledge.FunctionEntry e = p.entry(i);
            if (e == null || e.message() == null) {
                continue;
            }
            Map<String, String> args = p.args(i);
            String text = e.message();
            for (Map.Entry<String, String> a : args.entrySet()) {
                String v = a.getValue();
                int quote = v.indexOf('"');
                if (quote >= 0 && v.endsWith("\"")) {
                    v = v.substring(quote + 1, v.length() - 1); // 0x5555… "text": the text
                }
                text = text.replace("{" + a.getKey() + "}", v);
            }
            if (!text.contains("{")) {
                return text;
            }
        }
        return null;
    }

    /**
     * A crash a tool reported without a signal line: a sanitizer's report or a kernel oops. The stack that failed
     * is the first one (current).
     */
    private static Crash reported(Backtrace bt, Function<ThreadTrace, CallPath> paths, Reported reported, KnowledgeBase kb) {
        StringBuilder message = new StringBuilder();
        if (reported != null && (reported.kernel() || reported.runtime())) {
            message.append(reported.message());
        }
        for (DebuggerEvent e : bt.events()) {
            if (e.kind() == DebuggerEvent.Kind.SANITIZER_REPORT || e.kind() == DebuggerEvent.Kind.SANITIZER_SUMMARY) {
                message.append(message.length() == 0 ? "" : " / ").append(e.text());
            }
        }
        if (message.length() == 0) {
            return null;
        }
        // the report's own stack: the first current one after its line (a kernel log may hold several reports)
        int after = reported == null ? 0 : reported.line().line();
        for (ThreadTrace t : bt.threads()) {
            if (t.current() && t.line() > after) {
                return new Crash(null, null, message.toString(), null, signature(paths.apply(t), kb), ownFrame(paths.apply(t), kb), t.line(),
                        null, t);
            }
        }
        return new Crash((ThreadTrace) null, null, message.toString(), "", -1);
    }

    /** The first frame of the program's own code on a crashing thread's stack, above the library frames; -1 when none. */
    static int ownFrame(CallPath p, KnowledgeBase kb) {
        for (int i = 0; i < p.size(); i++) {
            if (p.named(i) && !notOwnModule(p, i, kb)) {
                return p.index(i);
            }
        }
        return -1;
    }

    /** A thread on the abort path when gdb printed no fatal signal: the crash as the stack shows it. */
    Crash fromStack(List<ThreadExplanation> threads, Backtrace bt) {
        for (ThreadExplanation t : threads) {
            if (t.state() == ThreadState.CRASHED) {
                CallPath p = t.path();
                String message = messageFromArguments(p);
                String signal = CrashFrames.handledSignal(p, kb.states());
                for (int i = 0; i < p.size() && signal == null; i++) {
                    signal = p.entry(i) == null || !p.named(i) ? null : p.entry(i).signal(); // abort() ends in SIGABRT
                }
                Crash c = new Crash(t.thread(), signal, message == null ? "" : message, signature(p, kb), ownFrame(p, kb));
                Crash.SignalOrigin origin = handlerSignalOrigin(bt, signal);
                return origin == null ? c : new Crash(c.thread(), c.signal(), c.message(), c.programMessage(), c.signature(), c.frame(),
                        c.stackLine(), origin, c.trace());
            }
        }
        return null;
    }

}
