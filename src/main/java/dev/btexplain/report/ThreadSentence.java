package dev.btexplain.report;

import dev.btexplain.analyze.CallPath;
import dev.btexplain.analyze.Confidence;
import dev.btexplain.analyze.KernelView;
import dev.btexplain.analyze.ThreadExplanation;
import dev.btexplain.analyze.Wait;
import java.util.Locale;

/**
 * A thread's explanation for a person: its template filled with the facts of its wait, then what the frames add (a
 * signal handler), what the kernel showed (a live capture), and how sure the role is when it is not certain.
 */
public final class ThreadSentence {
    private ThreadSentence() {
    }

    public static String of(ThreadExplanation t) {
        ThreadExplanation.Sentence s = t.sentence();
        StringBuilder text = new StringBuilder(Templates.fill(s.template(), part -> value(part, t)));
        capitalize(text);
        text.append(signalHandler(t.path())).append(kernelView(t.kernel()));
        if (t.roleConfidence() != Confidence.CERTAIN && !t.role().id().equals("unknown")) {
            String why = EvidenceText.of(t.evidence().get(0));
            text.append(" (Role ").append(t.roleConfidence().id()).append(": ").append(why).append(why.endsWith(".") ? ")" : ".)");
        }
        return text.toString();
    }

    private static String value(String placeholder, ThreadExplanation t) {
        Wait w = t.waiting();
        CallPath p = t.path();
        ThreadExplanation.Sentence s = t.sentence();
        return switch (placeholder) {
            case "{who}" -> t.who();
            case "{whom}" -> Wording.lowerFirst(t.who());
            case "{subject}" -> s.subject() == null ? "This thread" : s.subject();
            case "{wait}" -> w.function();
            case "{timeout}" -> w.timeout() == null ? "" : " (" + Durations.describe(w.timeout()) + ")";
            case "{object}" -> w.object() == null ? "" : " (" + w.object() + ")";
            case "{purpose}" -> w.waitsFor() == null ? "" : ": it waits for " + w.waitsFor();
            case "{top}" -> p.topName();
            case "{caller}" -> {
                int i = p.callerOf(t.waitEnd());
                yield i < 0 ? "an unnamed frame" : Words.who(p.who(i));
            }
            // names a frame: only templates of crashed threads ask
            case "{crash}" -> s.crashHit() ? (s.crashSignal() != null ? "it received " + s.crashSignal() : "it crashed") + " in "
                    + p.topName() : "it is on the abort path (" + p.function(Math.max(t.waitFrame(), 0)) + ")";
            case "{why}" -> s.why() == null ? "" : EvidenceText.of(s.why());
            default -> null;
        };
    }

    /** " Frames above #2 run in a signal handler (on_usr1); the signal arrived while the thread was in pause." */
    private static String signalHandler(CallPath p) {
        for (int s = 0; s < p.size(); s++) {
            if (p.signalHandler(s)) {
                String handler = s > 0 && p.named(s - 1) ? " (" + p.function(s - 1) + ")" : "";
                String below = s + 1 < p.size() && p.named(s + 1) ? " while the thread was in " + p.function(s + 1) : "";
                return " Frames above #" + p.index(s) + " run in a signal handler" + handler + "; the signal arrived"
                        + below + ".";
            }
        }
        return "";
    }

    /** What the kernel showed of the thread during a live capture: its state letter, wait channel, CPU use. */
    private static String kernelView(KernelView k) {
        if (k == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(" Just before gdb attached, the kernel showed it ");
        b.append(switch (k.state()) {
            case 'R' -> "running (R)";
            case 'S' -> "sleeping (S)";
            case 'D' -> "in an uninterruptible kernel wait (D), typically disk or network file system I/O";
            case 'T', 't' -> "stopped (" + k.state() + ")";
            default -> "in state " + k.state();
        });
        if (k.wchan() != null) {
            b.append(" in ").append(k.wchan());
        }
        if (k.cpuPercent() >= 0) {
            b.append(k.cpuTicks() > 0 ? ", using about " + k.cpuPercent() + " % of a CPU over " + k.windowMillis() + " ms"
                    : ", using no CPU over " + k.windowMillis() + " ms");
        }
        if (k.haltedIn() != null) {
            b.append("; its kernel stack is in ").append(k.haltedIn()).append(": it waits for ").append(k.haltedFor())
                    .append(" (idle), not running");
        }
        return b.append('.').toString();
    }

    /** A sentence starts with a capital, unless its first word is a function name (with a "_") or has a capital second. */
    private static boolean keepsFirstLetter(CharSequence s) {
        if (s.length() == 0 || s.length() > 1 && Character.isUpperCase(s.charAt(1))) {
            return true;
        }
        for (int i = 0; i < s.length() && s.charAt(i) != ' '; i++) {
            if (s.charAt(i) == '_') {
                return true;
            }
        }
        return false;
    }

    private static void capitalize(StringBuilder s) {
        if (!keepsFirstLetter(s)) {
            s.replace(0, 1, s.substring(0, 1).toUpperCase(Locale.ROOT));
        }
    }

}
