package dev.btexplain.parse;

import dev.btexplain.model.Backtrace;
import dev.btexplain.model.DebuggerEvent;
import dev.btexplain.model.InputFormat;
import dev.btexplain.model.InputStats;
import dev.btexplain.model.ParseWarning;
import dev.btexplain.model.Snapshot;
import dev.btexplain.model.ThreadTrace;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the gdb parser read from one part of an input: the whole input, or one of the pieces of a large file
 * that {@link SplitFileParser} reads on several cores. Parts merge in input order.
 *
 * @param requested             per listing: it began with a "thread apply all" command
 * @param endsWithRequest       a "thread apply all" command came after the part's last listing
 * @param trailingStopPrintLine line of gdb's stop print when the part ends with it as a one-frame thread, else 0
 * @param currentNumber         the thread gdb stopped in, as far as this part says; null when it does not
 */
record GdbPart(List<Snapshot> snapshots, List<Boolean> requested, boolean endsWithRequest, int trailingStopPrintLine,
               List<DebuggerEvent> events, InputStats stats, List<ParseWarning> warnings,
               Map<String, Integer> unlistedWarnings, Integer currentNumber, List<FrameColumns> columns) {

    /**
     * This part as if it began {@code offset} lines into the input: it was read in parallel with the parts
     * before it, so it counted its lines from 1. Frames are shifted in place (their columns are still this
     * part's own); the few records that hold a line are made again.
     */
    GdbPart shiftedBy(int offset) {
        if (offset == 0) {
            return this;
        }
        columns.forEach(c -> c.shiftLines(offset));
        List<Snapshot> shifted = new ArrayList<>(snapshots.size());
        for (Snapshot s : snapshots) {
            List<ThreadTrace> threads = new ArrayList<>(s.threads().size());
            for (ThreadTrace t : s.threads()) {
                threads.add(new ThreadTrace(t.number(), t.lwp(), t.pthread(), t.name(), t.current(), t.frames(),
                        t.stopReason(), t.moreFramesFollow(), t.line() + offset, t.runtime()));
            }
            shifted.add(new Snapshot(threads, s.line() + offset));
        }
        List<DebuggerEvent> shiftedEvents = new ArrayList<>(events.size());
        for (DebuggerEvent e : events) {
            shiftedEvents.add(new DebuggerEvent(e.kind(), e.text(), e.line() + offset));
        }
        List<ParseWarning> shiftedWarnings = new ArrayList<>(warnings.size());
        for (ParseWarning w : warnings) {
            shiftedWarnings.add(w.line() == 0 ? w
                    : new ParseWarning(w.line() + offset, w.column(), w.code(), w.message(), w.excerpt()));
        }
        return new GdbPart(shifted, requested, endsWithRequest,
                trailingStopPrintLine == 0 ? 0 : trailingStopPrintLine + offset, shiftedEvents, stats,
                shiftedWarnings, unlistedWarnings, currentNumber, columns);
    }

    /** The model, with one summary line per kind of warning that was not listed. */
    Backtrace toBacktrace() {
        List<ParseWarning> all = new ArrayList<>(warnings);
        for (Map.Entry<String, Integer> e : new TreeMap<>(unlistedWarnings).entrySet()) {
            all.add(new ParseWarning(0, 0, e.getKey(), e.getValue() + " more '" + e.getKey() + "' warnings not listed", ""));
        }
        return new Backtrace(InputFormat.GDB, withPythonStacks(snapshots), events, stats, all);
    }

    /**
     * py-bt's listing and bt's of the same threads, one after the other in either order, are one moment seen twice
     * (the threads' numbers repeat, which otherwise starts a new listing): one snapshot, whose Python stacks are
     * joined with the native ones later (knowledge.DumpJoin).
     */
    private static List<Snapshot> withPythonStacks(List<Snapshot> snapshots) {
        List<Snapshot> out = new ArrayList<>(snapshots.size());
        for (int i = 0; i < snapshots.size(); i++) {
            Snapshot s = snapshots.get(i);
            Snapshot next = i + 1 < snapshots.size() ? snapshots.get(i + 1) : null;
            if (next != null && pythonStacks(s) + pythonStacks(next) == 1) {
                List<ThreadTrace> threads = new ArrayList<>(s.threads());
                threads.addAll(next.threads());
                out.add(new Snapshot(threads, s.line()));
                i++;
            } else {
                out.add(s);
            }
        }
        return out;
    }

    /** 1 when every thread of the listing is py-bt's, 0 when none is, 2 (no pair) when some are. */
    private static int pythonStacks(Snapshot s) {
        long python = s.threads().stream().filter(t -> t.runtime() != null).count();
        return python == 0 ? 0 : python == s.threads().size() ? 1 : 2;
    }

    /**
     * This part followed by {@code next}. The next part was read without knowing this one's last listing, so
     * its listing boundaries are found again here by the parser's own rules: a "thread apply all" command
     * starts a listing, and so does a thread already in the listing; a stop print followed by a listing
     * becomes an event.
     */
    GdbPart merge(GdbPart next) {
        List<Snapshot> out = new ArrayList<>(snapshots);
        List<Boolean> outRequested = new ArrayList<>(requested);
        List<DebuggerEvent> allEvents = new ArrayList<>(events);
        List<ThreadTrace> current = new ArrayList<>();
        boolean currentRequested = false;
        if (!out.isEmpty()) {
            current.addAll(out.remove(out.size() - 1).threads());
            currentRequested = outRequested.remove(outRequested.size() - 1);
        }
        Set<Long> keys = new HashSet<>();
        current.forEach(t -> keys.add(key(t)));
        boolean dropStopPrint = trailingStopPrintLine != 0 && !current.isEmpty()
                && current.get(current.size() - 1).frames().size() == 1
                && current.get(current.size() - 1).frames().get(0).line() == trailingStopPrintLine;
        boolean pendingRequest = endsWithRequest;
        for (int i = 0; i < next.snapshots.size(); i++) {
            boolean startsListing = next.requested.get(i) || (i == 0 && pendingRequest);
            List<ThreadTrace> threads = next.snapshots.get(i).threads();
            for (int j = 0; j < threads.size(); j++) {
                ThreadTrace t = threads.get(j);
                if (dropStopPrint) {
                    ThreadTrace print = current.remove(current.size() - 1);
                    keys.remove(key(print));
                    allEvents.add(GdbParser.stopLocationEvent(print.frames().get(0)));
                    dropStopPrint = false;
                }
                boolean split = (j == 0 && startsListing) || keys.contains(key(t));
                if (split && !current.isEmpty()) {
                    out.add(new Snapshot(current, current.get(0).line()));
                    outRequested.add(currentRequested);
                    current = new ArrayList<>();
                    keys.clear();
                }
                if (current.isEmpty()) {
                    currentRequested = j == 0 && startsListing;
                }
                current.add(t);
                keys.add(key(t));
            }
        }
        if (!current.isEmpty()) {
            out.add(new Snapshot(current, current.get(0).line()));
            outRequested.add(currentRequested);
        }
        Integer stoppedIn = currentNumber != null ? currentNumber : next.currentNumber;
        if (stoppedIn != null && next.currentNumber == null) {
            out = markCurrent(out, stoppedIn);
        }
        allEvents.addAll(next.events);
        Map<String, Long> skipped = new HashMap<>(stats.skipped());
        next.stats.skipped().forEach((k, v) -> skipped.merge(k, v, Long::sum));
        InputStats sum = new InputStats(stats.linesRead() + next.stats.linesRead(),
                stats.linesUsed() + next.stats.linesUsed(), stats.unparsedLines() + next.stats.unparsedLines(),
                skipped, stats.bytesRead() + next.stats.bytesRead(), stats.truncated() || next.stats.truncated());
        List<ParseWarning> listed = new ArrayList<>(warnings);
        Map<String, Integer> unlisted = new HashMap<>(unlistedWarnings);
        next.unlistedWarnings.forEach((k, v) -> unlisted.merge(k, v, Integer::sum));
        for (ParseWarning w : next.warnings) {
            if (listed.size() < GdbParser.MAX_LISTED_WARNINGS) {
                listed.add(w);
            } else {
                unlisted.merge(w.code(), 1, Integer::sum);
            }
        }
        int trailing = next.snapshots.isEmpty() ? (dropStopPrint ? trailingStopPrintLine : 0) : next.trailingStopPrintLine;
        List<FrameColumns> allColumns = new ArrayList<>(columns);
        allColumns.addAll(next.columns);
        return new GdbPart(out, outRequested, next.snapshots.isEmpty() ? endsWithRequest || next.endsWithRequest
                : next.endsWithRequest, trailing, allEvents, sum, listed, unlisted, stoppedIn, allColumns);
    }

    private static long key(ThreadTrace t) {
        return new ThreadIdentity(t.number(), t.lwp(), t.pthread(), t.name()).key();
    }

    /** The thread gdb stopped in was named in an earlier part: flag it in the later part's listings. */
    private static List<Snapshot> markCurrent(List<Snapshot> snapshots, int current) {
        List<Snapshot> out = new ArrayList<>(snapshots.size());
        for (Snapshot s : snapshots) {
            List<ThreadTrace> threads = new ArrayList<>(s.threads().size());
            boolean changed = false;
            for (ThreadTrace t : s.threads()) {
                if (!t.current() && t.number() != null && t.number() == current) {
                    t = new ThreadTrace(t.number(), t.lwp(), t.pthread(), t.name(), true, t.frames(), t.stopReason(),
                            t.moreFramesFollow(), t.line(), t.runtime());
                    changed = true;
                }
                threads.add(t);
            }
            out.add(changed ? new Snapshot(threads, s.line()) : s);
        }
        return out;
    }
}
