package dev.btexplain.knowledge;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * From {@code knowledge/states.json}: the contract's thread states with a generic sentence each, the state a
 * category of wait gives, and the refinements by caller ("a futex wait inside a condvar wait is the condvar").
 *
 * @param texts             generic sentence template by state id
 * @param meanings          what each state means, in a few words
 * @param byCategory        the state a wait category gives
 * @param refinements       (inner category, outer category) pairs that decide the state instead
 * @param needsKnownCaller  functions that say nothing on their own ("syscall"): a known caller must decide
 * @param fatalSignals      signals that end the process when they reach it ("SIGSEGV")
 * @param fatalSignalNumbers their numbers ("11" → "SIGSEGV"), to read a signal handler's argument
 */
public record StateRules(Map<String, String> texts, Map<String, String> meanings, Map<Category, String> byCategory, List<Refinement> refinements,
                         Set<String> needsKnownCaller, Set<String> fatalSignals, Map<String, String> fatalSignalNumbers) {

    public StateRules {
        texts = Map.copyOf(texts);
        meanings = Map.copyOf(meanings);
        byCategory = Map.copyOf(byCategory);
        refinements = List.copyOf(refinements);
        needsKnownCaller = Set.copyOf(needsKnownCaller);
        fatalSignals = Set.copyOf(fatalSignals);
        fatalSignalNumbers = Map.copyOf(fatalSignalNumbers);
    }

    /** A wait of category {@code inner} called from one of category {@code outer} is {@code state}. */
    public record Refinement(Category inner, Category outer, String state, String why) {
    }

    /** The refinement for this pair, or null. */
    public Refinement refine(Category inner, Category outer) {
        for (Refinement r : refinements) {
            if (r.inner() == inner && r.outer() == outer) {
                return r;
            }
        }
        return null;
    }
}
