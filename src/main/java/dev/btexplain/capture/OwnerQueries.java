package dev.btexplain.capture;

import dev.btexplain.analyze.Analyzer;
import dev.btexplain.analyze.LockGraph;
import dev.btexplain.knowledge.LockRules;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The gdb expressions that read the owner of every lock a thread of a listing waits on, and the owners their
 * answers give. No text backtrace holds an owner; gdb reads it from the process (btexplain's own gdb run, or the
 * gdb session of the user's {@code btexplain} command).
 */
public final class OwnerQueries {
    /**
     * One expression to ask gdb.
     *
     * @param lock       the lock's id in the report (its address, or a known lock's name such as "BQL")
     * @param expression what gdb evaluates to the owner's LWP (a known lock may have one per program version)
     */
    public record Query(String lock, String expression) {
    }

    private OwnerQueries() {
    }

    /** The expressions for the locks the explained threads of the last listing wait on, in the order of the lock list. */
    public static List<Query> of(Analyzer.Explained explained) {
        List<Query> queries = new ArrayList<>();
        LockRules rules = explained.kb().locks();
        for (LockGraph.LockWait w : Analyzer.waitedLocks(explained)) {
            LockRules.Symbol known = rules.byLock(w.lock().id());
            if (known != null) {
                // a known lock by its symbols: one expression per version's name, one of which exists
                known.ownerExpressions().forEach(x -> queries.add(new Query(w.lock().id(), x)));
            } else if (w.lock().ownerByAddress() != null) {
                queries.add(new Query(w.lock().address(), w.lock().ownerByAddress()));
            }
        }
        return queries;
    }

    /**
     * The owner of each lock from gdb's answers (one per query, null where gdb printed no number); each lock no
     * answer gave an owner for is a note, with {@code why}.
     */
    public static Map<String, Long> owners(List<Query> queries, List<Long> answers, String why, List<String> notes) {
        Map<String, Long> owners = new LinkedHashMap<>();
        for (int i = 0; i < queries.size(); i++) {
            Long owner = i < answers.size() ? answers.get(i) : null;
            if (owner != null && owner > 0) {
                owners.putIfAbsent(queries.get(i).lock(), owner);
            }
        }
        Map<String, List<String>> unread = new LinkedHashMap<>();
        for (Query q : queries) {
            if (!owners.containsKey(q.lock())) {
                unread.computeIfAbsent(q.lock(), k -> new ArrayList<>()).add(q.expression());
            }
        }
        unread.forEach((lock, expressions) -> notes.add("gdb could not read the owner of " + lock + " ("
                + String.join(", ", expressions) + "): " + why + "; its holder in this report is inferred from the stacks"));
        return owners;
    }
}
