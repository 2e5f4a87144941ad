package dev.btexplain.analyze;

import dev.btexplain.knowledge.KnowledgeBase;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * A thread's activity once the other threads of its listing are known: what one stack alone cannot say. A thread
 * joining a thread that is idle waits the way programs wait for their workers: it is idle too. A thread parked by the
 * shape of its stack that holds a lock others wait for is not idle: it blocks them from inside work.
 */
final class ActivityInContext {
    private ActivityInContext() {
    }

    /** The listing's explanations, each replaced where the others change what it is doing; the same list when none. */
    static List<ThreadExplanation> resolve(List<ThreadExplanation> listing, KnowledgeBase kb, dev.btexplain.model.ProcessFacts facts) {
        // a parked holder first: a thread joining it then joins a thread that waits inside work
        List<ThreadExplanation> held = replace(listing, heldByParkedThreads(listing, kb, facts));
        return replace(held, joinsOfIdleThreads(held));
    }

    private static List<ThreadExplanation> replace(List<ThreadExplanation> listing, Map<ThreadExplanation, ThreadExplanation> replaced) {
        if (replaced.isEmpty()) {
            return listing;
        }
        List<ThreadExplanation> out = new ArrayList<>(listing.size());
        listing.forEach(t -> out.add(replaced.getOrDefault(t, t)));
        return out;
    }

    /** A join whose thread (or the end of its chain of joins) is idle: the joiner is idle, as sure as that thread. */
    private static Map<ThreadExplanation, ThreadExplanation> joinsOfIdleThreads(List<ThreadExplanation> listing) {
        Map<ThreadExplanation, ThreadExplanation> replaced = new IdentityHashMap<>();
        Map<Long, ThreadExplanation> byPthread = null;
        for (ThreadExplanation t : listing) {
            if (t.activity() != Activity.WAITING || t.waitKind() == null || !t.waitKind().id().equals(LockGraph.JOIN)) {
                continue;
            }
            byPthread = byPthread != null ? byPthread : WaitGraph.byPthread(listing);
            WaitGraph.Edge named = WaitGraph.join(t, byPthread);
            if (named == null || named.target() == null) {
                // the join names no thread of the listing (eu-stack prints no arguments, LLDB no pthread addresses):
                // whichever it waits for, it waits for an idle thread when every other thread is idle
                ThreadExplanation others = firstNotIdle(listing, t);
                if (others == null && listing.size() > 1) {
                    replaced.put(t, t.withActivity(Activity.IDLE, Confidence.POSSIBLE, Evidence.of("activity.joins-idle", null, null,
                            Evidence.Says.JOINS_IDLE)));
                }
                continue;
            }
            ThreadExplanation target = t;
            for (int hops = 0; hops < listing.size() && target != null && target.activity() == Activity.WAITING; hops++) {
                WaitGraph.Edge e = WaitGraph.join(target, byPthread);
                target = e == null ? null : e.target();
            }
            if (target != null && target != t && target.activity() == Activity.IDLE) {
                Confidence c = target.activityConfidence() == Confidence.CERTAIN ? Confidence.LIKELY : target.activityConfidence();
                replaced.put(t, t.withActivity(Activity.IDLE, c, Evidence.of("activity.joins-idle", null, null,
                        Evidence.Says.JOINS_IDLE_THREAD, target.thread().number(), target.thread().lwp())));
            }
        }
        return replaced;
    }

    /**
     * A thread parked by its stack's shape that is the inferred or read holder of a lock other threads wait for holds it
     * across its wait: it waits inside work, and the waiters wait for it.
     */
    private static Map<ThreadExplanation, ThreadExplanation> heldByParkedThreads(List<ThreadExplanation> listing, KnowledgeBase kb,
                                                                           dev.btexplain.model.ProcessFacts facts) {
        Map<ThreadExplanation, ThreadExplanation> replaced = new IdentityHashMap<>();
        if (listing.stream().noneMatch(LockGraph::waitsForThreadLock) || listing.stream().noneMatch(ThreadExplanation::idleByShape)) {
            return replaced;
        }
        for (LockGraph.LockWait w : LockGraph.build(listing, kb, facts).locks()) {
            ThreadExplanation holder = w.owner();
            if (holder != null && holder.idleByShape() && !replaced.containsKey(holder)) {
                replaced.put(holder, holder.withActivity(Activity.WAITING, w.ownerConfidence(), Evidence.of("activity.holds-awaited-lock",
                        holder.waitFrame() < 0 ? null : holder.path().index(holder.waitFrame()), null, Evidence.Says.HOLDS_AWAITED_LOCK,
                        w.lock().label(), w.waiters().size())));
            }
        }
        return replaced;
    }

    /** The first thread of the listing but {@code t} that is not idle (kernel tasks aside), or null. */
    private static ThreadExplanation firstNotIdle(List<ThreadExplanation> listing, ThreadExplanation t) {
        for (ThreadExplanation o : listing) {
            if (o != t && o.activity() != Activity.IDLE && !o.role().kernelTask()) {
                return o;
            }
        }
        return null;
    }
}
