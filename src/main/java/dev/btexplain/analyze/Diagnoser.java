package dev.btexplain.analyze;

import dev.btexplain.knowledge.KnowledgeBase;
import dev.btexplain.knowledge.ProcessCheck;
import dev.btexplain.model.Backtrace;
import dev.btexplain.model.Frame;
import dev.btexplain.model.ThreadTrace;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The process-level view of the last listing: the verdict, what is normal and what is not, the checks of
 * knowledge/checks.json, and what to capture next. Hangs and deadlocks (lock graphs) come with a later stage;
 * until then threads blocked on locks leave the verdict open, and the observations say why.
 */
final class Diagnoser {
    private final KnowledgeBase kb;

    Diagnoser(KnowledgeBase kb) {
        this.kb = kb;
    }

    Diagnosis diagnose(List<ThreadExplanation> threads, Backtrace bt, ProcessContext ctx,
                       Map<ThreadTrace, Boolean> changed) {
        List<String> observations = new ArrayList<>();
        List<String> normal = new ArrayList<>();
        List<String> notNormal = new ArrayList<>();
        List<String> next = new ArrayList<>();
        int named = 0;
        int frames = 0;
        for (ThreadExplanation t : threads) {
            if (!t.role().kernelTask()) {
                named += t.path().namedCount();
                frames += t.path().countedFrames();
            }
        }
        observations.add(summary(threads, ctx));
        if (ctx.crash() != null) {
            observations.add(String.format(Locale.ROOT, "%s received %s%s (crash signature: %s).",
                    ctx.crash().thread() == null ? "The process" : "Thread " + ctx.crash().thread(), ctx.crash().signal(),
                    ctx.crash().message().contains(" / ") ? " after printing: "
                            + ctx.crash().message().substring(0, ctx.crash().message().lastIndexOf(" / ")) : "",
                    ctx.crash().signature() == null || ctx.crash().signature().isEmpty() ? "none" : ctx.crash().signature()));
        }
        boolean nestedWait = false;
        for (ProcessCheck c : kb.checks()) {
            if (c.process() != null && c.process().equals("qemu") && !ctx.qemu()) {
                continue;
            }
            for (String finding : fire(c, threads, named, frames)) {
                observations.add(finding);
                if (c.notNormal()) {
                    notNormal.add(finding);
                    nestedWait |= c.role() != null;
                }
            }
        }
        for (ThreadExplanation t : threads) {
            String line = label(t) + ": " + t.state().id() + ", " + kb.states().meanings().get(t.state().id())
                    + (t.waitsOn().isEmpty() ? "" : " (" + t.waitsOn().get(0) + ")");
            if (isNormal(t)) {
                normal.add(line);
            } else {
                notNormal.add(line);
            }
        }
        Verdict verdict;
        Confidence confidence;
        long crashed = count(threads, ThreadState.CRASHED);
        long locked = count(threads, ThreadState.WAIT_MUTEX);
        long unknown = threads.stream().filter(t -> t.state() == ThreadState.UNKNOWN && !t.role().kernelTask()).count();
        long active = count(threads, ThreadState.RUNNING) + count(threads, ThreadState.GUEST_EXEC);
        boolean severalSamples = bt.snapshots().size() > 1;
        if (crashed > 0) {
            verdict = Verdict.CRASH;
            confidence = ctx.crash() != null ? Confidence.CERTAIN : Confidence.LIKELY;
        } else if (nestedWait || locked > 0) {
            verdict = Verdict.UNKNOWN;
            confidence = Confidence.POSSIBLE;
            observations.add(locked > 0 ? locked + " thread" + (locked == 1 ? " is" : "s are")
                    + " blocked acquiring a lock: brief contention and a hang look the same in one listing."
                    : "The main loop waits synchronously: a slow operation and a hang look the same in one listing.");
        } else if (unknown * 2 > threads.size()) {
            verdict = Verdict.UNKNOWN;
            confidence = Confidence.POSSIBLE;
            observations.add("Most threads' states cannot be told from their frames (see symbol coverage).");
        } else if (active > 0) {
            verdict = Verdict.BUSY;
            confidence = Confidence.LIKELY;
            observations.add(active + " thread" + (active == 1 ? " runs" : "s run")
                    + " code (its own or the guest's) and no thread is blocked on a lock.");
        } else {
            verdict = Verdict.IDLE;
            confidence = severalSamples && !changed.containsValue(Boolean.TRUE) ? Confidence.CERTAIN : Confidence.LIKELY;
            observations.add("Every thread waits for work in the normal way: none runs, none is blocked on a lock"
                    + (unknown > 0 ? " (" + unknown + " could not be told)" : "") + ".");
        }
        if (severalSamples) {
            long moved = changed.values().stream().filter(Boolean::booleanValue).count();
            observations.add(bt.snapshots().size() + " listings: " + moved + " of " + threads.size()
                    + " threads changed between the last two.");
        }
        if (!severalSamples && verdict != Verdict.CRASH) {
            next.add(kb.nextStep("samples"));
        }
        if (!hasLocals(bt) && (locked > 0 || crashed > 0 || nestedWait)) {
            next.add(kb.nextStep("bt-full"));
        }
        if (ctx.qemu() && locked > 0) {
            next.add(kb.nextStep("bql-owner"));
        }
        if (frames > 0 && named * 100L < frames * 90L) {
            next.add(kb.nextStep(ctx.qemu() ? "symbols-qemu" : "symbols"));
        }
        if (threads.stream().anyMatch(t -> t.role().id().equals("qemu.vcpu-kvm") && t.state() == ThreadState.GUEST_EXEC)) {
            next.add(kb.nextStep("kvm-guest"));
        }
        if (crashed > 0) {
            next.add(kb.nextStep("crash"));
        }
        return new Diagnosis(verdict, confidence, observations, normal, notNormal, next, ctx.crash(), named, frames);
    }

    /** "A QEMU process: 5 threads — QEMU main loop (1), vCPU thread (TCG) (4, 5)." */
    private static String summary(List<ThreadExplanation> threads, ProcessContext ctx) {
        Map<String, List<String>> byRole = new LinkedHashMap<>();
        for (ThreadExplanation t : threads) {
            byRole.computeIfAbsent(t.role().label(), k -> new ArrayList<>())
                    .add(t.thread().number() == null ? "?" : String.valueOf(t.thread().number()));
        }
        StringBuilder b = new StringBuilder(ctx.qemu() ? "A QEMU process: " : "A process: ");
        b.append(threads.size()).append(threads.size() == 1 ? " thread" : " threads").append(" — ");
        int i = 0;
        for (Map.Entry<String, List<String>> e : byRole.entrySet()) {
            b.append(i++ == 0 ? "" : ", ").append(e.getKey()).append(" (").append(String.join(", ", e.getValue())).append(')');
        }
        return b.append('.').toString();
    }

    private List<String> fire(ProcessCheck c, List<ThreadExplanation> threads, int named, int frames) {
        List<String> out = new ArrayList<>();
        if (!c.missingRoles().isEmpty()) {
            if (threads.stream().noneMatch(t -> c.missingRoles().contains(t.role().id()))) {
                out.add(c.text());
            }
        } else if (c.role() != null) {
            for (ThreadExplanation t : threads) {
                int i = t.role().id().equals(c.role()) ? t.path().indexOf(c.frame()) : -1;
                if (i >= 0) {
                    out.add(c.text().replace("{thread}", t.thread().number() == null ? "" : " (thread " + t.thread().number() + ")")
                            .replace("{caller}", caller(t.path(), i)));
                }
            }
        } else if (frames > 0 && named * 100L < (long) frames * c.belowPercent()) {
            out.add(c.text().replace("{named}", String.valueOf(named)).replace("{frames}", String.valueOf(frames))
                    .replace("{percent}", String.valueOf(named * 100L / frames)));
        }
        return out;
    }

    /** The first named frame outside frame i with another name: who called the nested wait. */
    private static String caller(CallPath p, int i) {
        for (int j = i + 1; j < p.size(); j++) {
            if (p.named(j) && !p.name(j).equals(p.name(i))) {
                return p.frame(j).function();
            }
        }
        return "an unnamed frame";
    }

    private static String label(ThreadExplanation t) {
        return "thread " + (t.thread().number() == null ? "?" : t.thread().number()) + " (" + t.role().label() + ")";
    }

    /** Waiting for work, or running guest code, is what these threads are for. */
    private static boolean isNormal(ThreadExplanation t) {
        return t.state().isWaiting() || t.state() == ThreadState.GUEST_EXEC || t.state() == ThreadState.RUNNING
                || t.role().kernelTask();
    }

    private static long count(List<ThreadExplanation> threads, ThreadState s) {
        return threads.stream().filter(t -> t.state() == s).count();
    }

    private static boolean hasLocals(Backtrace bt) {
        for (ThreadTrace t : bt.threads()) {
            for (Frame f : t.frames()) {
                if (!f.locals().isEmpty()) {
                    return true;
                }
            }
        }
        return false;
    }
}
