package dev.btexplain.knowledge;

import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a capture shows of which program it is: the names of its executable (a core's command line, the program a
 * live capture attached to) and of its threads, the functions its frames name, the libraries they come from. The
 * functions are a set in no order (a listing names hundreds; sorting them cost a small report more than the rest of
 * its recognition): what cites one picks the least of those that fit.
 */
public record ProcessClues(Set<String> executables, Set<String> threadNames, Set<String> functions, Set<String> libraryPaths) {
    public ProcessClues {
        // sorted, so that the clue a report cites is the same on every run
        executables = Collections.unmodifiableSortedSet(new TreeSet<>(executables));
        threadNames = Collections.unmodifiableSortedSet(new TreeSet<>(threadNames));
        functions = Collections.unmodifiableSet(functions);
        libraryPaths = Collections.unmodifiableSortedSet(new TreeSet<>(libraryPaths));
    }
}
