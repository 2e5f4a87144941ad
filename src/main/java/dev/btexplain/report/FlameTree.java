package dev.btexplain.report;

import dev.btexplain.analyze.Analysis;
import dev.btexplain.model.FrameList;
import dev.btexplain.model.Snapshot;
import dev.btexplain.model.ThreadTrace;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Stacks merged into a counted tree, outermost frame at the root: one count per thread of every listing (so a
 * series weighs each stack by how many samples show it), with the states of the threads that end in each node,
 * for colour. Children keep first-seen order, so the output is deterministic.
 */
public final class FlameTree {
    /**
     * One node: a function at one position of the stacks below it. Children are a list of siblings in first-seen
     * order, indexed by name once there are many: 75,000 distinct stacks make a million nodes, most with one child or
     * none, and a map per node was most of the memory a large flame graph took.
     */
    public static final class Node {
        private static final int INDEX_FROM = 8;
        final String name;
        int count;
        /** Threads whose innermost frame is this node, by state; null until one is counted. */
        private Map<String, Integer> states;
        private Node firstChild;
        private Node lastChild;
        private Node nextSibling;
        private int childCount;
        private Map<String, Node> index;

        Node(String name) {
            this.name = name;
        }

        public String name() {
            return name;
        }

        public int count() {
            return count;
        }

        /** Threads whose innermost frame is this node, by state. */
        public Map<String, Integer> states() {
            return states == null ? Map.of() : states;
        }

        public List<Node> children() {
            List<Node> out = new ArrayList<>(childCount);
            for (Node c = firstChild; c != null; c = c.nextSibling) {
                out.add(c);
            }
            return out;
        }

        boolean hasChildren() {
            return firstChild != null;
        }

        /** The child of this name, added last when it is new. */
        Node child(String childName) {
            Node found = null;
            if (index != null) {
                found = index.get(childName);
            } else {
                for (Node c = firstChild; c != null && found == null; c = c.nextSibling) {
                    found = c.name.equals(childName) ? c : null;
                }
            }
            if (found != null) {
                return found;
            }
            Node c = new Node(childName);
            if (lastChild == null) {
                firstChild = c;
            } else {
                lastChild.nextSibling = c;
            }
            lastChild = c;
            if (++childCount == INDEX_FROM) {
                index = new java.util.HashMap<>();
                for (Node x = firstChild; x != null; x = x.nextSibling) {
                    index.put(x.name, x);
                }
            } else if (index != null) {
                index.put(childName, c);
            }
            return c;
        }

        void countState(String state) {
            if (states == null) {
                states = new TreeMap<>();
            }
            states.merge(state, 1, Integer::sum);
        }

        /** Levels from this node to its deepest leaf, this one included (walked without recursion: stacks may be deep). */
        public int height() {
            int best = 0;
            java.util.ArrayDeque<Object[]> todo = new java.util.ArrayDeque<>();
            todo.push(new Object[] {this, 1});
            while (!todo.isEmpty()) {
                Object[] e = todo.pop();
                Node x = (Node) e[0];
                int h = (Integer) e[1];
                best = Math.max(best, h);
                for (Node c = x.firstChild; c != null; c = c.nextSibling) {
                    todo.push(new Object[] {c, h + 1});
                }
            }
            return best;
        }
    }

    private final Node root = new Node("all");

    /** Every thread of every listing, with each stack's state when there is an analysis (null: stacks alone). */
    public static FlameTree of(List<Snapshot> snapshots, Analysis analysis) {
        FlameTree tree = new FlameTree();
        for (Snapshot s : snapshots) {
            for (ThreadTrace t : s.threads()) {
                tree.add(t.frameList(), analysis == null ? null : analysis.of(t).state().id());
            }
        }
        return tree;
    }

    void add(FrameList frames, String state) {
        Node n = root;
        n.count++;
        for (int i = frames.size() - 1; i >= 0; i--) {
            n = n.child(name(frames, i));
            n.count++;
        }
        if (state != null) {
            n.countState(state);
        }
    }

    /** The name frame i has in a flame graph and in folded stacks ("??" and gdb's markers kept). */
    static String name(FrameList frames, int i) {
        if (frames.signalHandler(i)) {
            return "<signal handler called>";
        }
        String function = frames.function(i);
        return function.isEmpty() ? "??" : function;
    }

    public Node root() {
        return root;
    }

    /**
     * FlameGraph's folded format: "outer;...;inner count", one line per distinct stack. Walked with an explicit stack
     * and one path buffer, so a stack of 100,000 frames costs its length, not its square, and no recursion.
     */
    public void folded(Appendable out) throws java.io.IOException {
        StringBuilder path = new StringBuilder();
        java.util.ArrayDeque<Object[]> todo = new java.util.ArrayDeque<>(); // node, its next child, path length, count ending
        for (Node top = root.firstChild; top != null; top = top.nextSibling) {
            path.setLength(0);
            path.append(top.name.replace(';', ':'));
            todo.push(new Object[] {top, top.firstChild, path.length(), top.count});
            while (!todo.isEmpty()) {
                Object[] e = todo.peek();
                Node c = (Node) e[1];
                int length = (Integer) e[2];
                if (c != null) {
                    e[1] = c.nextSibling;
                    e[3] = (Integer) e[3] - c.count; // what ends at the node: its count less its children's
                    path.setLength(length);
                    path.append(';').append(c.name.replace(';', ':'));
                    todo.push(new Object[] {c, c.firstChild, path.length(), c.count});
                } else {
                    todo.pop();
                    int ending = (Integer) e[3];
                    if (ending > 0) {
                        path.setLength(length);
                        out.append(path).append(' ').append(Integer.toString(ending)).append('\n');
                    }
                }
            }
        }
    }
}
