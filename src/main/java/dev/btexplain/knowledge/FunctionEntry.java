package dev.btexplain.knowledge;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One researched fact about a function: what it does, where that can be read in its project's source, and
 * what it says about the thread that is in it.
 *
 * @param id        stable id ("qemu.call_rcu_thread"), cited by the evidence of every conclusion it feeds
 * @param names     exact names (after {@link NameNormalizer}), empty when {@code pattern} is set
 * @param pattern   a full-match regular expression, null when {@code names} are set
 * @param library   the knowledge pack it belongs to: glibc, glib, qemu, libvirt, linux-kernel, generic...
 * @param category  what kind of work it does
 * @param roleHint  the role id a thread running it has, null when it says nothing of the role
 * @param meaning   one sentence of our own
 * @param source    "owner/repo: path" of the upstream file that shows it
 * @param versions  the versions it exists in, null when all
 * @param arguments units of its arguments worth reading ("timeout" → "nanoseconds")
 * @param waitsFor  for a wait: what it waits for, when its name says ("another thread to exit"), else null
 * @param waitKind  for a wait: what kind of thing it waits for when its category does not say it
 *                  ("join", "input", "grace-period"; states.json lists them), else null
 * @param target    for a join: the argument that names the thread waited for ("threadid"), else null
 * @param needsKnownCaller it says nothing of a thread on its own (syscall(), pthread_kill): its caller decides
 * @param lock      the lock it acquires when its name says which ("BQL"), else null
 * @param condvarLock for a function that waits on a condition variable (or calls the wait): the lock it gives
 *                  the wait as the condition variable's mutex ("BQL"), else null
 * @param signal    for a crash path that ends in a known signal (abort: SIGABRT), that signal, else null
 * @param message   for a crash path: the error message built from its arguments ("Assertion `{assertion}' failed")
 * @param unnamedCallerOf the entry also stands for a frame of its library that gdb could not name (a static
 *                  function of a stripped library) when that frame calls one of these functions directly: in
 *                  libglib only g_mutex_lock's slow path and the bit locks call syscall() to wait on a futex
 * @param unnamedCallerIn when set, such a frame must also be printed with a library this matches (one module of
 *                  a program of several: QEMU's accel-tcg-*.so), where it is the only caller; null: the pack's library
 * @param request   a call that sends a request to another process and waits for its answer (a name lookup, a
 *                  query): a wait inside it is a request in progress, never a loop's idle wait
 * @param nonblockingCalls the I/O calls it makes return at once (it reads and writes a non-blocking descriptor, and
 *                  waits for readiness elsewhere): a thread in one of them under it is not waiting
 * @param argumentRules what some argument values make of the call: a flag that makes it return at once (MSG_DONTWAIT),
 *                  a value that makes it another kind of wait (select with no descriptors waits for a signal)
 * @param checked   how the entry was checked against its source
 * @param file      the data file it came from
 */
public record FunctionEntry(
        String id,
        List<String> names,
        Pattern pattern,
        String library,
        Category category,
        String roleHint,
        String meaning,
        String source,
        String versions,
        Map<String, String> arguments,
        String waitsFor,
        String waitKind,
        String target,
        boolean needsKnownCaller,
        String lock,
        String condvarLock,
        String signal,
        String message,
        List<String> unnamedCallerOf,
        Pattern unnamedCallerIn,
        boolean request,
        boolean nonblockingCalls,
        List<ArgumentRule> argumentRules,
        String checked,
        String file) {

    public FunctionEntry {
        names = List.copyOf(names);
        unnamedCallerOf = List.copyOf(unnamedCallerOf);
        arguments = Map.copyOf(arguments);
        argumentRules = List.copyOf(argumentRules);
    }

    /**
     * What argument values make of a call. {@code when}: argument name to a value it must have ("0", "0x0") or, with
     * a leading "&amp;", bits that must be set ("&amp;64"); {@code nonblocking}: the call returns at once, so a thread
     * in it is not waiting; {@code waitKind}: the wait is of that kind instead; {@code why} says it in words.
     */
    public record ArgumentRule(Map<String, String> when, boolean nonblocking, String waitKind, String why) {
        public ArgumentRule {
            when = Map.copyOf(when);
        }

        /**
         * Every condition holds for these arguments (by name, as printed): "&bits" all set, "!a|b" a number that is
         * none of them (an unknown value holds no condition), else the exact value.
         */
        public boolean holds(Map<String, String> args) {
            for (Map.Entry<String, String> c : when.entrySet()) {
                String v = args.get(c.getKey());
                if (v == null || !holds(v.strip(), c.getValue())) {
                    return false;
                }
            }
            return true;
        }

        private static boolean holds(String value, String condition) {
            if (condition.startsWith("&")) {
                return bitsSet(value, condition.substring(1));
            }
            if (condition.startsWith("!")) {
                Long v = number(value);
                return v != null && java.util.Arrays.stream(condition.substring(1).split("\\|")).map(ArgumentRule::number)
                        .noneMatch(v::equals);
            }
            return value.equals(condition);
        }

        private static boolean bitsSet(String value, String bits) {
            Long v = number(value);
            Long b = number(bits);
            return v != null && b != null && (v & b) == b;
        }

        private static Long number(String s) {
            try {
                return s.startsWith("0x") ? Long.parseUnsignedLong(s.substring(2), 16) : Long.parseLong(s);
            } catch (NumberFormatException e) {
                return null;
            }
        }
    }

    /** The first rule whose conditions these arguments meet, or null. */
    public ArgumentRule ruleFor(Map<String, String> args) {
        for (ArgumentRule r : argumentRules) {
            if (r.holds(args)) {
                return r;
            }
        }
        return null;
    }

    /** Entries matched by an exact name, or by a pattern. */
    public boolean isPattern() {
        return pattern != null;
    }

    /** The argument this entry gives a unit ("descriptor-count"), null when none. */
    public String argumentOf(String unit) {
        for (Map.Entry<String, String> a : arguments.entrySet()) {
            if (a.getValue().equals(unit)) {
                return a.getKey();
            }
        }
        return null;
    }

    /** The unit of an argument ("nanoseconds"), or null when the entry says nothing of it. */
    public String unitOf(String argument) {
        return arguments.get(argument);
    }

    /** The suffixes of gcc's clones of a C function ("foo.isra.0", "foo.cold"). */
    private static final List<String> CLONE_SUFFIXES = List.of("isra", "constprop", "part", "cold", "lto_priv");

    /**
     * A C function's name, with the suffixes of gcc's clones: letters, digits and underscores, then ".SUFFIX" or
     * ".SUFFIX.N" any number of times. Read by hand: a pattern's matcher per wait was a tenth of what a large listing's
     * threads allocate.
     */
    static boolean isCName(String f) {
        int i = 0;
        while (i < f.length() && isCNameChar(f.charAt(i))) {
            i++;
        }
        while (i < f.length()) {
            if (f.charAt(i) != '.') {
                return false;
            }
            int word = i + 1;
            String suffix = null;
            for (String s : CLONE_SUFFIXES) {
                if (f.startsWith(s, word)) {
                    suffix = s;
                }
            }
            if (suffix == null) {
                return false;
            }
            i = word + suffix.length();
            int digits = i + 1;
            while (digits < f.length() && f.charAt(digits) >= '0' && f.charAt(digits) <= '9') {
                digits++;
            }
            if (i < f.length() && f.charAt(i) == '.' && digits > i + 1) {
                i = digits; // the clone's number
            }
        }
        return true;
    }

    private static boolean isCNameChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_';
    }

    /**
     * The name a program calls: for a name that begins with "_", the longest of its entry's names that it ends with after a
     * "_" ("poll" of "__libc_poll" or "__GI___poll", "sem_wait" of "__new_sem_wait"), else the name without the leading
     * underscores C reserves for the library's own names ("lll_lock_wait" of "__lll_lock_wait").
     */
    public static String calledName(String function, FunctionEntry e) {
        String best = null;
        // only a name C reserves for the library's own use ("__libc_poll") stands for another: "anon_pipe_read" is itself
        List<String> names = e == null || !function.startsWith("_") ? List.of() : e.names();
        for (int k = 0; k < names.size(); k++) {
            String name = names.get(k);
            boolean after = function.length() > name.length() && function.endsWith(name)
                    && function.charAt(function.length() - name.length() - 1) == '_';
            if (after && name.charAt(0) != '_' && (best == null || name.length() > best.length())) {
                best = name;
            }
        }
        if (best != null) {
            return best;
        }
        if (!isCName(function)) {
            return function; // a qualified name (Python's _thread.lock.acquire): its underscore is the module's own
        }
        int i = 0;
        while (i < function.length() && function.charAt(i) == '_') {
            i++;
        }
        return function.substring(i);
    }
}
