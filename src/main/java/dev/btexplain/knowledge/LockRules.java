package dev.btexplain.knowledge;

import java.util.List;
import java.util.regex.Pattern;

/**
 * From {@code knowledge/locks.json}: locks known by name (QEMU's BQL under its symbols), who may hold them,
 * and the gdb command that reads a mutex's owner from the live process.
 *
 * @param symbols      symbols of well-known locks
 * @param holders      rules that say a thread holds a known lock
 * @param ownerCommand the command for any pthread mutex, with {address}
 */
public record LockRules(List<Symbol> symbols, List<Holder> holders, String ownerCommand) {
    public LockRules {
        symbols = List.copyOf(symbols);
        holders = List.copyOf(holders);
    }

    /** A symbol gdb prints after a mutex address ({@code <qemu_global_mutex>}) that names a known lock. */
    public record Symbol(Pattern pattern, String lock, String label, String ownerCommand) {
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
            if (s.pattern().matcher(symbol).matches()) {
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
}
