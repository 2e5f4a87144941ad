package dev.btexplain.knowledge;

import java.util.Set;

/**
 * What a capture shows of which program it is: the names of its executable (a core's command line, the program a
 * live capture attached to) and of its threads, the functions its frames name, the libraries they come from.
 */
public record ProcessClues(Set<String> executables, Set<String> threadNames, Set<String> functions, Set<String> libraryPaths) {
    public ProcessClues {
        executables = Set.copyOf(executables);
        threadNames = Set.copyOf(threadNames);
        functions = Set.copyOf(functions);
        libraryPaths = Set.copyOf(libraryPaths);
    }
}
