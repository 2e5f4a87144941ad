package dev.btexplain.analyze;

import dev.btexplain.knowledge.FunctionEntry;
import dev.btexplain.model.Backtrace;
import dev.btexplain.model.DebuggerEvent;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What a kernel report says beyond its stacks: which verdict a lockup gives, and lockdep's lock chain. */
final class KernelReports {
    /** "(slock-AF_INET){+.-...}, at: [<e0fc73ec>] l2tp_xmit_skb+0x173/0x47e [l2tp_core]": the lock and where. */
    private static final Pattern LOCK = Pattern.compile("\\((.+?)\\)\\{[^}]*\\}(?:-\\{[^}]*\\})?(?:, at: (?:\\[<[0-9a-fA-F]+>\\]\\s*)?(\\S+))?");
    private static final String DEPENDENCY = "lockdep dependency #";

    private KernelReports() {
    }

    /** The report's verdict: its "if waiting" one when the reported task's innermost frame waits for something else. */
    static String verdict(Reported r, List<ThreadExplanation> threads) {
        return r.kind().verdictIfWaiting() != null && waitingFor(r, threads) != null ? r.kind().verdictIfWaiting() : r.kind().verdict();
    }

    /** "pulseaudio spins in smp_call_function_many, which waits for ...": why a lockup is a hang. */
    static String whyWaiting(Reported r, List<ThreadExplanation> threads) {
        ThreadExplanation t = reportedTask(r, threads);
        FunctionEntry e = waitingFor(r, threads);
        return "The reported task" + (t.thread().name() == null ? "" : ", " + t.thread().name() + ",") + " is in "
                + t.path().topName() + ", which waits for " + e.waitsFor() + ": the CPU is stuck waiting, not working. "
                + "What it waits for is elsewhere (another CPU or task).";
    }

    /** "The report's task: pulseaudio (pid 1580), in smp_call_function_many (input line 16).": whose stack decides. */
    static String task(Reported r, List<ThreadExplanation> threads) {
        ThreadExplanation t = reportedTask(r, threads);
        if (t == null) {
            return null;
        }
        String name = t.thread().name() == null ? "" : t.thread().name();
        String pid = t.thread().lwp() == null ? "" : "pid " + t.thread().lwp();
        int top = t.path().firstNamed(0);
        return "The report's task: " + (name.isEmpty() ? pid : name + (pid.isEmpty() ? "" : " (" + pid + ")"))
                + (top < 0 ? "" : ", in " + t.path().topName() + " (input line " + t.thread().line() + ")") + ".";
    }

    /** The stack of the report that decides: the first current one after its line. */
    private static ThreadExplanation reportedTask(Reported r, List<ThreadExplanation> threads) {
        for (ThreadExplanation t : threads) {
            if (t.thread().current() && t.thread().line() > r.line().line()) {
                return t;
            }
        }
        return null;
    }

    private static FunctionEntry waitingFor(Reported r, List<ThreadExplanation> threads) {
        ThreadExplanation t = reportedTask(r, threads);
        if (t == null) {
            return null;
        }
        int top = t.path().firstNamed(0);
        FunctionEntry e = top < 0 ? null : t.path().entry(top);
        return e != null && e.waitsFor() != null ? e : null;
    }

    /**
     * lockdep's circular dependency in a sentence or two: the lock being taken and those held (from the report's lock
     * lines), and where each lock of the chain was taken before (the first frame past the lock functions).
     */
    static List<String> lockdep(Reported r, Backtrace bt, List<ThreadExplanation> threads) {
        String acquiring = null;
        Set<String> held = new LinkedHashSet<>();
        for (DebuggerEvent e : bt.events()) {
            Matcher m = LOCK.matcher(e.text());
            boolean lockLine = e.kind() == DebuggerEvent.Kind.KERNEL_LOCK_ACQUIRING || e.kind() == DebuggerEvent.Kind.KERNEL_LOCK_HELD;
            if (!lockLine || !m.find()) {
                continue;
            }
            String lock = m.group(1) + (m.group(2) == null ? "" : " (at " + m.group(2) + ")");
            if (e.kind() == DebuggerEvent.Kind.KERNEL_LOCK_ACQUIRING && acquiring == null) {
                acquiring = lock;
            } else if (e.kind() == DebuggerEvent.Kind.KERNEL_LOCK_HELD) {
                held.add(lock);
            }
        }
        List<String> out = new ArrayList<>();
        if (acquiring == null) {
            return out;
        }
        ThreadExplanation task = reportedTask(r, threads);
        out.add((task == null || task.thread().name() == null ? "The task" : task.thread().name()) + " is trying to take "
                + acquiring + (held.isEmpty() ? "" : " while holding " + String.join(", ", held)) + ".");
        List<String> chain = new ArrayList<>();
        for (ThreadExplanation t : threads) {
            String name = t.thread().name();
            if (name != null && name.startsWith(DEPENDENCY)) {
                chain.add("#" + name.substring(DEPENDENCY.length()).replace(": where ", " ").replace(" was taken", " was taken in ")
                        + firstOwnFrame(t.path()));
            }
        }
        if (!chain.isEmpty()) {
            out.add("The dependency chain lockdep recorded (each lock taken while the next one's was held): "
                    + String.join("; ", chain) + ". Together with the order taken now they close a cycle.");
        }
        return out;
    }

    /** The first named frame past lockdep's and the lock functions: the code that took the lock. */
    private static String firstOwnFrame(CallPath p) {
        for (int i = 0; i < p.size(); i++) {
            if (p.named(i) && p.entry(i) == null) {
                return p.frame(i).function();
            }
        }
        return p.topName();
    }
}
