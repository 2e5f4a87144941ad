package dev.btexplain.report;

import dev.btexplain.analyze.Analysis;
import dev.btexplain.model.Frame;
import dev.btexplain.model.Snapshot;
import dev.btexplain.model.ThreadTrace;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Stacks merged into a counted tree, outermost frame at the root: one count per thread of every listing (so a
 * series weighs each stack by how many samples show it), with the states of the threads that end in each node,
 * for colour. Children keep first-seen order, so the output is deterministic.
 */
public final class FlameTree {
    /** One node: a function at one position of the stacks below it. */
    public static final class Node {
        final String name;
        int count;
        final Map<String, Integer> states = new TreeMap<>();
        final Map<String, Node> children = new LinkedHashMap<>();

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
            return states;
        }

        public List<Node> children() {
            return new ArrayList<>(children.values());
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
                x.children.values().forEach(c -> todo.push(new Object[] {c, h + 1}));
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
                tree.add(t.frames(), analysis == null ? null : analysis.of(t).state().id());
            }
        }
        return tree;
    }

    void add(List<Frame> frames, String state) {
        Node n = root;
        n.count++;
        for (int i = frames.size() - 1; i >= 0; i--) {
            String name = name(frames.get(i));
            n = n.children.computeIfAbsent(name, Node::new);
            n.count++;
        }
        if (state != null) {
            n.states.merge(state, 1, Integer::sum);
        }
    }

    /** The name a frame has in a flame graph and in folded stacks ("??" and gdb's markers kept). */
    static String name(Frame f) {
        if (f.signalHandler()) {
            return "<signal handler called>";
        }
        return f.function().isEmpty() ? "??" : f.function();
    }

    public Node root() {
        return root;
    }

    /**
     * FlameGraph's folded format: "outer;...;inner count", one line per distinct stack. Walked with an explicit stack
     * and one path buffer, so a stack of 100,000 frames costs its length, not its square, and no recursion.
     */
    public void folded(StringBuilder out) {
        StringBuilder path = new StringBuilder();
        java.util.ArrayDeque<Object[]> todo = new java.util.ArrayDeque<>(); // node, its children's iterator, path length
        for (Node top : root.children.values()) {
            path.setLength(0);
            path.append(top.name.replace(';', ':'));
            todo.push(new Object[] {top, top.children.values().iterator(), path.length(), top.count});
            while (!todo.isEmpty()) {
                Object[] e = todo.peek();
                Node n = (Node) e[0];
                @SuppressWarnings("unchecked")
                java.util.Iterator<Node> it = (java.util.Iterator<Node>) e[1];
                int length = (Integer) e[2];
                if (it.hasNext()) {
                    Node c = it.next();
                    e[3] = (Integer) e[3] - c.count; // what ends at n: its count less its children's
                    path.setLength(length);
                    path.append(';').append(c.name.replace(';', ':'));
                    todo.push(new Object[] {c, c.children.values().iterator(), path.length(), c.count});
                } else {
                    todo.pop();
                    int ending = (Integer) e[3];
                    if (ending > 0) {
                        path.setLength(length);
                        out.append(path).append(' ').append(ending).append('\n');
                    }
                }
            }
        }
    }
}
