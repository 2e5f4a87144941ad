package dev.btexplain.analyze;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Groups threads with equal normalized stacks, largest group first, then in input order (panicparse's buckets). */
final class StackGrouper {
    private StackGrouper() {
    }

    private static final String SIGNAL = "<signal>";

    /**
     * A role, state and activity and the frames' normalized names: a stack's shape, compared without joining the names
     * into one text. Threads of one shape whose names give them different roles are different groups.
     */
    private record Key(String role, ThreadState state, Activity activity, String[] names) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.state == state && k.activity == activity && k.role.equals(role) && Arrays.equals(k.names, names);
        }

        @Override
        public int hashCode() {
            return 31 * (31 * state.hashCode() + role.hashCode()) + Arrays.hashCode(names);
        }
    }

    static List<StackGroup> group(List<ThreadExplanation> threads) {
        Map<Key, List<ThreadExplanation>> byKey = new LinkedHashMap<>();
        for (ThreadExplanation t : threads) {
            CallPath p = t.path();
            String[] names = new String[p.size()];
            for (int i = 0; i < names.length; i++) {
                names[i] = p.signalHandler(i) ? SIGNAL : p.name(i);
            }
            byKey.computeIfAbsent(new Key(t.role().id(), t.state(), t.activity(), names), k -> new ArrayList<>()).add(t);
        }
        List<StackGroup> groups = new ArrayList<>();
        for (List<ThreadExplanation> members : byKey.values()) {
            groups.add(new StackGroup(members, members.get(0).state(), members.get(0).path().topName()));
        }
        groups.sort(Comparator.comparingInt((StackGroup g) -> -g.threads().size()));
        return groups;
    }
}
