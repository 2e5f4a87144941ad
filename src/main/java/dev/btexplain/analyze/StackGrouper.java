package dev.btexplain.analyze;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Groups threads with equal normalized stacks, largest group first, then in input order (panicparse's buckets). */
final class StackGrouper {
    private StackGrouper() {
    }

    static List<StackGroup> group(List<ThreadExplanation> threads) {
        Map<String, List<ThreadExplanation>> byKey = new LinkedHashMap<>();
        for (ThreadExplanation t : threads) {
            StringBuilder key = new StringBuilder(t.state().id());
            CallPath p = t.path();
            for (int i = 0; i < p.size(); i++) {
                key.append('|').append(p.frame(i).signalHandler() ? "<signal>" : p.name(i));
            }
            byKey.computeIfAbsent(key.toString(), k -> new ArrayList<>()).add(t);
        }
        List<StackGroup> groups = new ArrayList<>();
        for (List<ThreadExplanation> members : byKey.values()) {
            groups.add(new StackGroup(members, members.get(0).state(), members.get(0).path().topName()));
        }
        groups.sort(Comparator.comparingInt((StackGroup g) -> -g.threads().size()));
        return groups;
    }
}
