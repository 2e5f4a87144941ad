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

    /** The reported task spins in a function that waits for something else (smp_call_function_many): why a lockup is a hang. */
    static Finding whyWaiting(Reported r, List<ThreadExplanation> threads) {
        ThreadExplanation t = reportedTask(r, threads);
        FunctionEntry e = waitingFor(r, threads);
        return new Finding(List.of(t), List.of(), List.of(), e.id(), new Detail.LockupWaiting(t.path().topName(), e.waitsFor()), true);
    }

    /** The task the report is about, and where it is: whose stack decides. Null when no stack follows the report. */
    static Finding task(Reported r, List<ThreadExplanation> threads) {
        ThreadExplanation t = reportedTask(r, threads);
        if (t == null) {
            return null;
        }
        Detail d = new Detail.ReportedTask(t.path().firstNamed(0) >= 0 ? t.path().topName() : null, t.thread().line());
        return new Finding(List.of(t), List.of(), List.of(), r.kind().id(), d, false);
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
    static List<Finding> lockdep(Reported r, Backtrace bt, List<ThreadExplanation> threads) {
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
        List<Finding> out = new ArrayList<>();
        if (acquiring == null) {
            return out;
        }
        ThreadExplanation task = reportedTask(r, threads);
        out.add(new Finding(task == null ? List.of() : List.of(task), List.of(), List.of(), r.kind().id(),
                new Detail.LockdepTaking(acquiring, List.copyOf(held)), true));
        List<Finding.LockdepLink> chain = new ArrayList<>();
        List<ThreadExplanation> stacks = new ArrayList<>();
        for (ThreadExplanation t : threads) {
            String name = t.thread().name();
            if (name != null && name.startsWith(DEPENDENCY)) {
                // "lockdep dependency #1: where _xmit_ETHER#2 was taken"
                String rest = name.substring(DEPENDENCY.length());
                int where = rest.indexOf(": where ");
                chain.add(new Finding.LockdepLink(where < 0 ? rest : rest.substring(0, where),
                        where < 0 ? "" : rest.substring(where + ": where ".length()).replace(" was taken", ""), firstOwnFrame(t.path())));
                stacks.add(t);
            }
        }
        if (!chain.isEmpty()) {
            out.add(new Finding(stacks, List.of(), List.of(), r.kind().id(), new Detail.LockdepChain(chain), true));
        }
        return out;
    }

    /** The first named frame past lockdep's and the lock functions: the code that took the lock. */
    private static String firstOwnFrame(CallPath p) {
        for (int i = 0; i < p.size(); i++) {
            if (p.named(i) && p.entry(i) == null) {
                return p.function(i);
            }
        }
        return p.topName();
    }
}
