package dev.btexplain.knowledge;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * From the packs' {@code locks.json}: locks known by name (QEMU's BQL under its symbols), who may hold them, and
 * the gdb expressions that read their owner from the live process or a core. How to read the owner of any other lock
 * is said by the argument that names it (waits.json).
 *
 * @param symbols      symbols of well-known locks
 * @param holders      rules that say a thread holds a known lock
 */
public record LockRules(List<Symbol> symbols, List<Holder> holders) {
    public LockRules {
        symbols = List.copyOf(symbols);
        holders = List.copyOf(holders);
    }

    static LockRules none() {
        return new LockRules(List.of(), List.of());
    }

    /**
     * A known lock: the symbol gdb prints after its address ({@code <qemu_global_mutex>}), null when it is known only
     * by the functions that take it ({@code lock} of a function entry: CPython's take_gil takes the GIL).
     */
    public record Symbol(Pattern pattern, String lock, String label, List<String> ownerExpressions) {
        public Symbol {
            ownerExpressions = List.copyOf(ownerExpressions);
        }

        /** The command a person runs to read the owner: the first expression (the others are other versions' names). */
        public String ownerCommand() {
            return ownerExpressions.isEmpty() ? null : "p " + ownerExpressions.get(0);
        }
    }

    /**
     * A thread of {@code role} holds {@code lock}, unless the function its wait is called from is one of
     * {@code unlessWaitingUnder} (where it drops the lock), unless its state is one of {@code unlessStates}, and
     * only in one of {@code onlyStates} when that is not empty.
     */
    public record Holder(String lock, String role, List<String> unlessWaitingUnder, List<String> unlessStates,
                         List<String> onlyStates, String why) {
        public Holder {
            unlessWaitingUnder = List.copyOf(unlessWaitingUnder);
            unlessStates = List.copyOf(unlessStates);
            onlyStates = List.copyOf(onlyStates);
        }
    }

    /** The known lock a symbol names, or null. */
    public Symbol bySymbol(String symbol) {
        for (Symbol s : symbols) {
            if (s.pattern() != null && s.pattern().matcher(symbol).matches()) {
                return s;
            }
        }
        return null;
    }

    public Symbol byLock(String lock) {
        for (Symbol s : symbols) {
            if (s.lock().equals(lock)) {
                return s;
            }
        }
        return null;
    }

    /** These rules and {@code other}'s, for a knowledge base of several packs. */
    LockRules with(LockRules other) {
        List<Symbol> s = new ArrayList<>(symbols);
        s.addAll(other.symbols);
        List<Holder> h = new ArrayList<>(holders);
        h.addAll(other.holders);
        return new LockRules(s, h);
    }
}
