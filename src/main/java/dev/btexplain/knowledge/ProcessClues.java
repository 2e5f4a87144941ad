package dev.btexplain.knowledge;

import dev.btexplain.model.Backtrace;
import dev.btexplain.model.FrameList;
import dev.btexplain.model.ProcessFacts;
import dev.btexplain.model.Snapshot;
import dev.btexplain.model.ThreadTrace;
import java.util.Collections;
import java.util.HashSet;
import java.util.Set;

/**
 * What a capture shows of which program it is: the names of its executable (a core's command line, the program a
 * live capture attached to) and of its threads, the functions its frames name, the libraries they come from. The
 * functions are a set in no order (a listing names hundreds; sorting them cost a small report more than the rest of
 * its recognition): what cites one picks the least of those that fit.
 */
public record ProcessClues(Set<String> executables, Set<String> threadNames, Set<String> functions, Set<String> libraryPaths) {
    public ProcessClues {
        // sorted, so that the clue a report cites is the same on every run
        executables = sorted(executables);
        threadNames = sorted(threadNames);
        functions = Collections.unmodifiableSet(functions);
        libraryPaths = sorted(libraryPaths);
    }

    /**
     * The names in name order, read from a sorted array: a report names a few of each kind, and a TreeSet of each per
     * report was a fifth of recognising a fleet's crash report's program (JFR).
     */
    private static Set<String> sorted(Set<String> names) {
        String[] inOrder = names.toArray(new String[0]);
        java.util.Arrays.sort(inOrder);
        return new java.util.AbstractSet<>() {
            @Override
            public java.util.Iterator<String> iterator() {
                return java.util.Arrays.asList(inOrder).iterator();
            }

            @Override
            public int size() {
                return inOrder.length;
            }

            @Override
            public boolean contains(Object o) {
                return o instanceof String name && java.util.Arrays.binarySearch(inOrder, name) >= 0;
            }
        };
    }

    /** What a capture shows of its program: the executable, the thread names, the functions and libraries of its frames. */
    public static ProcessClues of(Backtrace bt, ProcessFacts facts) {
        Set<String> executables = new HashSet<>();
        String command = bt.programCommandLine();
        if (command != null && !command.isEmpty()) {
            executables.add(baseName(firstWord(command)));
        }
        if (facts.executable() != null) {
            executables.add(baseName(facts.executable()));
        }
        Set<String> names = new HashSet<>();
        Set<String> functions = new HashSet<>();
        Set<String> libraries = new HashSet<>();
        for (Snapshot s : bt.snapshots()) {
            for (ThreadTrace t : s.threads()) {
                if (t.name() != null) {
                    names.add(t.name());
                }
                FrameList frames = t.frameList();
                for (int i = 0; i < frames.size(); i++) {
                    if (!frames.isUnknownFunction(i)) {
                        functions.add(frames.function(i));
                    }
                    if (frames.library(i) != null) {
                        libraries.add(frames.library(i));
                    }
                }
            }
        }
        return new ProcessClues(executables, names, functions, libraries);
    }

    /** The text up to its first white space (a command line's program). */
    private static String firstWord(String s) {
        int start = 0;
        while (start < s.length() && Character.isWhitespace(s.charAt(start))) {
            start++;
        }
        int end = start;
        while (end < s.length() && !Character.isWhitespace(s.charAt(end))) {
            end++;
        }
        return s.substring(start, end);
    }

    private static String baseName(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
