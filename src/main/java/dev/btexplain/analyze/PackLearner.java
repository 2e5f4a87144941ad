package dev.btexplain.analyze;

import dev.btexplain.knowledge.Category;
import dev.btexplain.model.Backtrace;
import dev.btexplain.model.ThreadTrace;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What captures of a healthy program say of its threads, as a pack in the making: its recognition (the executable, the
 * thread names), one role per thread family (a name pattern, else the function the threads start in) and the waits each
 * family was seen at, which become its home waits. A thread running or crashing teaches no home wait; a lock wait is
 * contention, not a home.
 */
public final class PackLearner {
    private PackLearner() {
    }

    /**
     * A pack learned from captures.
     *
     * @param id         the pack's id (and role ids' prefix)
     * @param executable the program's name, as the main thread is named
     * @param roles      one per thread family, the main thread's first
     * @param captures   the files it was learned from
     */
    public record LearnedPack(String id, String executable, List<LearnedRole> roles, List<String> captures) {
    }

    /**
     * One thread family.
     *
     * @param id        role id
     * @param label     for people ("jobs-N thread of learn-demo")
     * @param main      the main thread's role
     * @param namePattern the full-match pattern of its threads' names (digits as \d+), null when the name says nothing
     * @param entry     the function its threads start in, null when unnamed or the main thread
     * @param homes     the waits seen, each with the functions it was reached through
     * @param threads   how many threads of the captures it has
     * @param seenIn    "learn-demo-idle.txt (threads 5, 4, 3)"
     */
    public record LearnedRole(String id, String label, boolean main, String namePattern, String entry, List<LearnedHome> homes,
                              int threads, List<String> seenIn) {
    }

    /** One home wait: the states, the call the thread made to wait, and the named frames between it and the start. */
    public record LearnedHome(Set<String> states, Set<String> waits, Set<String> through) {
    }

    /** The pack of a program from its captures (their backtrace and analysis, with their file names). */
    public static LearnedPack learn(String id, List<Backtrace> backtraces, List<Analysis> analyses, List<String> files) {
        Map<String, Family> families = new LinkedHashMap<>();
        String executable = null;
        for (int c = 0; c < backtraces.size(); c++) {
            for (ThreadTrace t : backtraces.get(c).threads()) {
                ThreadExplanation x = analyses.get(c).of(t);
                boolean main = x.path().mainStart() >= 0;
                if (main && t.name() != null) {
                    executable = executable == null ? t.name() : executable;
                }
                String pattern = main ? null : namePattern(t.name(), executable);
                String entry = main ? null : entry(x.path());
                String key = main ? "main" : pattern != null ? "name:" + pattern : entry != null ? "entry:" + entry : null;
                if (key == null) {
                    continue; // neither a name nor a start function to know it by again
                }
                Family f = families.computeIfAbsent(key, k -> new Family(main, pattern, entry));
                f.threads++;
                f.seen.computeIfAbsent(files.get(c), k -> new ArrayList<>()).add(t.number() != null ? String.valueOf(t.number())
                        : "LWP " + t.lwp());
                LearnedHome h = home(x);
                if (h != null) {
                    f.homes.add(h);
                }
            }
        }
        List<LearnedRole> roles = new ArrayList<>();
        Set<String> ids = new LinkedHashSet<>();
        String program = executable == null ? id : executable;
        for (Family f : families.values()) {
            String slug = f.main ? "main" : slug(f.pattern != null ? f.pattern : f.entry);
            String roleId = id + "." + slug;
            for (int n = 2; !ids.add(roleId); n++) {
                roleId = id + "." + slug + "-" + n;
            }
            String label = f.main ? program + " main thread" : (f.pattern != null ? readable(f.pattern) : f.entry) + " thread of " + program;
            List<String> seenIn = new ArrayList<>();
            f.seen.forEach((file, numbers) -> seenIn.add(file + " (thread" + (numbers.size() == 1 ? " " : "s ") + String.join(", ", numbers) + ")"));
            roles.add(new LearnedRole(roleId, label, f.main, f.pattern, f.entry, merged(f.homes), f.threads, seenIn));
        }
        roles.sort((a, b) -> Boolean.compare(b.main(), a.main()));
        return new LearnedPack(id, executable, roles, files);
    }

    private static final class Family {
        final boolean main;
        final String pattern;
        final String entry;
        int threads;
        final Map<String, List<String>> seen = new LinkedHashMap<>();
        final List<LearnedHome> homes = new ArrayList<>();

        Family(boolean main, String pattern, String entry) {
            this.main = main;
            this.pattern = pattern;
            this.entry = entry;
        }
    }

    /** The home wait a healthy thread shows: a wait (not a lock's contention), and the named frames out to its start. */
    private static LearnedHome home(ThreadExplanation x) {
        if (!x.state().isWaiting() || x.state() == ThreadState.WAIT_MUTEX || x.waitFrame() < 0) {
            return null;
        }
        CallPath p = x.path();
        Set<String> waits = new TreeSet<>();
        for (int i = x.waitEnd(); i >= x.waitFrame(); i--) {
            if (p.named(i)) {
                waits.add(p.name(i)); // the outermost named frame of the wait: the call the program made
                break;
            }
        }
        Set<String> through = new TreeSet<>();
        for (int j = x.waitEnd() + 1; j < p.size(); j++) {
            Category c = p.category(j);
            if (c == Category.THREAD_START || c == Category.MAIN_START || p.signalHandler(j)) {
                break;
            }
            if (p.named(j) && c != Category.FORWARDING && !p.unreliable(j)) {
                through.add(p.name(j));
            }
        }
        return waits.isEmpty() && through.isEmpty() ? null : new LearnedHome(Set.of(x.state().id()), waits, through);
    }

    /** Homes with the same waits and through-functions merged (their states together), in the order seen. */
    private static List<LearnedHome> merged(List<LearnedHome> homes) {
        Map<List<Set<String>>, Set<String>> byShape = new LinkedHashMap<>();
        for (LearnedHome h : homes) {
            byShape.computeIfAbsent(List.of(h.waits(), h.through()), k -> new TreeSet<>()).addAll(h.states());
        }
        List<LearnedHome> out = new ArrayList<>();
        byShape.forEach((k, states) -> out.add(new LearnedHome(states, k.get(0), k.get(1))));
        return out;
    }

    /** The function a thread starts in (past call forwarders), null when unnamed. */
    private static String entry(CallPath p) {
        int start = p.startFunction();
        return start < 0 ? null : p.name(start);
    }

    /** "jobs-3" → "^jobs-\d+$": the thread name with its numbers as any number; null for no name or the program's own. */
    static String namePattern(String name, String executable) {
        if (name == null || name.isBlank() || name.equals(executable)) {
            return null;
        }
        StringBuilder b = new StringBuilder("^");
        int i = 0;
        while (i < name.length()) {
            if (Character.isDigit(name.charAt(i))) {
                while (i < name.length() && Character.isDigit(name.charAt(i))) {
                    i++;
                }
                b.append("\\d+");
            } else {
                int j = i;
                while (j < name.length() && !Character.isDigit(name.charAt(j))) {
                    j++;
                }
                b.append(literal(name.substring(i, j)));
                i = j;
            }
        }
        return b.append('$').toString();
    }

    /** The text as a regular expression that matches it, its special characters escaped one by one (readable). */
    public static String literal(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            b.append("\\.[]{}()*+?^$|/".indexOf(c) >= 0 ? "\\" + c : String.valueOf(c));
        }
        return b.toString();
    }

    /** "^jobs-\d+$" → "jobs-N". */
    private static String readable(String pattern) {
        return pattern.substring(1, pattern.length() - 1).replace("\\d+", "N").replace("\\", "");
    }

    /** A role id's last part: lower case letters, digits and '-'. */
    private static String slug(String s) {
        String out = asId(readable(s.startsWith("^") ? s : "^" + s + "$"));
        return out.isEmpty() ? "thread" : out;
    }

    /** A name as an id: lower case letters and digits, other runs as one '-' ("Job Server" → "job-server"); may be empty. */
    public static String asId(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-+|-+$)", "");
    }
}
