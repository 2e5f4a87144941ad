package dev.btexplain.analyze;

import dev.btexplain.knowledge.Category;
import dev.btexplain.knowledge.FunctionEntry;
import dev.btexplain.knowledge.StateRules;
import java.util.List;

/** Where a crash runs on a thread's stack: a signal handler for a fatal signal, the abort path. */
final class CrashFrames {
    private CrashFrames() {
    }

    /** The names a signal handler's signal number has (each begins with "sig"). */
    private static final List<String> SIGNAL_ARGUMENTS = List.of("sig", "signo", "signum", "signal");

    /** The frame of a signal handler running for a fatal signal (by its sig/signo argument), or -1. */
    static int handlerFrame(CallPath p, StateRules rules) {
        for (int s = 1; s < p.size(); s++) {
            if (p.signalHandler(s) && p.named(s - 1) && p.argsMention(s - 1, "sig")) {
                java.util.Map<String, String> args = p.args(s - 1);
                for (String name : SIGNAL_ARGUMENTS) {
                    if (rules.fatalSignalNumbers().containsKey(args.getOrDefault(name, "").strip())) {
                        return s - 1;
                    }
                }
            }
        }
        return -1;
    }

    /** The fatal signal a handler on the stack handles ("SIGSEGV"), or null. */
    static String handledSignal(CallPath p, StateRules rules) {
        int h = handlerFrame(p, rules);
        if (h < 0) {
            return null;
        }
        java.util.Map<String, String> args = p.args(h);
        for (String name : SIGNAL_ARGUMENTS) {
            String signal = rules.fatalSignalNumbers().get(args.getOrDefault(name, "").strip());
            if (signal != null) {
                return signal;
            }
        }
        return null;
    }

    /** The innermost frame of the abort path (abort, raise, assert, glibc's fatal errors) on the stack, or -1. */
    static int abortPathFrame(CallPath p, StateRules rules) {
        for (int i = 0; i < p.size(); i++) {
            if (p.category(i) == Category.ABORT && p.named(i) && abortCounts(p, i, rules)) {
                return i;
            }
        }
        return -1;
    }

    /** pthread_kill kicks vCPUs too: on the abort path only when called from raise or abort. */
    private static boolean abortCounts(CallPath p, int i, StateRules rules) {
        if (!p.entry(i).needsKnownCaller()) {
            return true;
        }
        for (int j = i + 1; j < p.size(); j++) {
            if (p.named(j)) {
                FunctionEntry e = p.entry(j);
                if (e == null || e.category() != Category.ABORT) {
                    return false;
                }
                if (!e.needsKnownCaller()) {
                    return true;
                }
            }
        }
        return false;
    }
}
