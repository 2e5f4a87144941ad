package dev.btexplain.fleet;

import dev.btexplain.analyze.Crash;
import dev.btexplain.analyze.Diagnosis;
import dev.btexplain.analyze.Finding;
import dev.btexplain.analyze.ThreadExplanation;
import dev.btexplain.analyze.Verdict;
import dev.btexplain.knowledge.KnowledgeBase;
import dev.btexplain.knowledge.SharedCache;
import dev.btexplain.model.Frame;
import dev.btexplain.model.ThreadTrace;
import dev.btexplain.report.Report;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A report's signature: the thread its verdict rests on (the crashing thread; a hang's blocking thread; every thread of a
 * deadlock's cycle, in an order that does not depend on which was listed first), its frames walked by the rules.
 */
public final class Signer {
    private final SignatureRules rules;
    private final KnowledgeBase knowledge;

    public Signer(SignatureRules rules, KnowledgeBase knowledge) {
        this.rules = rules;
        this.knowledge = knowledge;
        this.signalHandler = named("<signal handler called>");
        this.noModule = named("@?");
    }

    public SignatureRules rules() {
        return rules;
    }

    /**
     * A signer whose walk keeps {@code frames} frames (a split bucket's reports); its version says so. One per depth,
     * kept: each split report would otherwise start with empty name caches.
     */
    Signer walkingFurther(int frames) {
        return further.computeIfAbsent(frames, n -> new Signer(new SignatureRules(rules.version() + "+split" + n, n, rules.sentinel(),
                rules.irrelevant(), rules.prefix(), rules.renames()), knowledge));
    }

    private final java.util.concurrent.ConcurrentHashMap<Integer, Signer> further = new java.util.concurrent.ConcurrentHashMap<>();

    public Signature sign(Report report) {
        Diagnosis d = report.analysis().diagnosis();
        Verdict v = d.verdict();
        if (v == Verdict.CRASH) {
            return crash(d.crash());
        }
        if (v == Verdict.DEADLOCK) {
            List<ThreadExplanation> cycle = d.waits().cycle();
            if (cycle.isEmpty()) {
                cycle = deciding(d, DEADLOCKS);
            }
            // a deadlock a report names without a cycle the stacks show (a Go runtime's "all goroutines are asleep"):
            // the threads blocked on a lock, else the largest group
            return of("deadlock", (cycle.isEmpty() ? lockWaitersOrLargest(d, false) : cycle).stream().map(ThreadExplanation::thread).toList());
        }
        if (v == Verdict.HUNG) {
            List<ThreadExplanation> threads = deciding(d, HANGS);
            threads = threads.isEmpty() ? lockWaitersOrLargest(d, true) : threads;
            return of("hang", threads.isEmpty() ? List.of() : List.of(threads.get(0).thread()));
        }
        // idle, busy, unknown: the largest group of identical stacks stands for the process
        ThreadTrace largest = d.groups().isEmpty() ? null : d.groups().get(0).threads().get(0).thread();
        return of(v.id(), largest == null ? List.of() : List.of(largest));
    }

    /** A crash's signature: its signal (an abort with the program's message), then its thread's frames. */
    public Signature crash(Crash c) {
        ThreadTrace t = c == null ? null : c.trace();
        String kind = c == null ? "crash" : c.signal() == null ? "crash" : c.signal();
        if (c != null && c.programMessage() != null && "SIGABRT".equals(c.signal())) {
            kind = "abort: " + message(c.programMessage());
        }
        return of(kind, t == null ? List.of() : List.of(t));
    }

    /**
     * When no finding names the threads a deadlock or hang rests on: the threads blocked acquiring a lock (each group's
     * first, or only the first group's for a hang), else the largest group's first thread.
     */
    private static List<ThreadExplanation> lockWaitersOrLargest(Diagnosis d, boolean one) {
        List<ThreadExplanation> waiters = new java.util.ArrayList<>();
        for (dev.btexplain.analyze.StackGroup g : d.groups()) {
            if (g.state() == dev.btexplain.analyze.ThreadState.WAIT_MUTEX && (!one || waiters.isEmpty())) {
                waiters.add(g.threads().get(0));
            }
        }
        return !waiters.isEmpty() || d.groups().isEmpty() ? waiters : List.of(d.groups().get(0).threads().get(0));
    }

    /** The findings that decide a deadlock, and a hang, most telling first. */
    private static final List<Finding.Kind> DEADLOCKS = List.of(Finding.Kind.DEADLOCK, Finding.Kind.CLOSED_WORLD_DEADLOCK);
    private static final List<Finding.Kind> HANGS = List.of(Finding.Kind.CHAIN, Finding.Kind.SELF_LOCKED_OR_EXITED,
            Finding.Kind.SAME_WAIT_ACROSS_SAMPLES, Finding.Kind.NOTHING_PROGRESSES, Finding.Kind.HANG_PATTERN, Finding.Kind.LOCK_WAIT,
            Finding.Kind.STUCK_ON_LOCK);

    /**
     * The threads the deciding finding names, of the first of these kinds the diagnosis has. A hang is signed by the
     * head of its blocked chain (a waiter), not by the holder at its end: whether a listing lets the holder be inferred
     * varies from one report of the same hang to the next, the waiters do not.
     */
    private static List<ThreadExplanation> deciding(Diagnosis d, List<Finding.Kind> kinds) {
        for (Finding.Kind kind : kinds) {
            for (Finding f : d.findings(kind)) {
                if (!f.threads().isEmpty()) {
                    return f.threads();
                }
            }
        }
        return List.of();
    }

    /** An abort's message with what varies between reports (numbers, addresses, quoted values) taken out, and short. */
    static String message(String m) {
        // an assertion is its condition: the program's stderr line and the core's message word it differently
        java.util.regex.Matcher assertion = ASSERTION.matcher(m);
        String s = (assertion.find() ? "Assertion `" + assertion.group(1) + "' failed" : m)
                .replaceAll("0x[0-9a-fA-F]+", "0x…").replaceAll("\\d+", "N").strip();
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }

    private static final java.util.regex.Pattern ASSERTION = java.util.regex.Pattern.compile("Assertion [`'](.*?)' failed");

    private Signature of(String kind, List<ThreadTrace> threads) {
        if (threads.isEmpty()) {
            return signature(kind, kind, List.of(), "no-thread");
        }
        List<String> parts = new ArrayList<>();
        List<String> all = new ArrayList<>();
        String ended = null;
        for (ThreadTrace t : threads) {
            List<Named> frames = namedFrames(t);
            Walk w = walk(frames);
            parts.add(String.join(" | ", w.kept()));
            frames.forEach(f -> all.add(f.name()));
            ended = ended == null ? w.endedBy() : ended;
        }
        // a cycle's threads in a fixed order: the same deadlock whichever thread the listing showed first
        List<String> sorted = parts.stream().sorted().toList();
        String text = kind + (sorted.stream().allMatch(String::isEmpty) ? "" : " | " + String.join(" + ", sorted));
        return signature(kind, text, all, ended);
    }

    private Signature signature(String kind, String text, List<String> frames, String endedBy) {
        return new Signature(kind, text, frames, id(rules.version(), text), endedBy);
    }

    static String id(String version, String text) {
        MessageDigest sha256 = SHA_256.get();
        sha256.update(version.getBytes(StandardCharsets.UTF_8));
        sha256.update((byte) '\n');
        return HexFormat.of().formatHex(sha256.digest(text.getBytes(StandardCharsets.UTF_8)), 0, 8);
    }

    /** A digest per worker thread: asking the providers for one per report cost more than the hash. */
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    });

    /** The frames kept and why the walk ended. */
    record Walk(List<String> kept, String endedBy) {
    }

    /** What the rules make of a (normalized) frame name in the walk (a sentinel may be irrelevant too: a signal handler's marker). */
    private enum Role { IRRELEVANT, PREFIX, OTHER }

    /** A frame's name as a signature holds it, and what the rules make of it. */
    record Named(String name, Role role, boolean sentinel) {
    }

    /**
     * Each printed name (and each module of unnamed frames) as the walk reads it, worked out once: a fleet's reports
     * repeat a few thousand names, and one lookup a frame costs less than one per question asked of it.
     */
    private final java.util.concurrent.ConcurrentHashMap<String, Named> byFunction = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.concurrent.ConcurrentHashMap<String, Named> byModule = new java.util.concurrent.ConcurrentHashMap<>();
    private final Named signalHandler;
    private final Named noModule;

    private Named named(String name) {
        Role role = SignatureRules.any(rules.irrelevant(), name) ? Role.IRRELEVANT
                : SignatureRules.any(rules.prefix(), name) ? Role.PREFIX : Role.OTHER;
        return new Named(name, role, SignatureRules.any(rules.sentinel(), name));
    }

    /** The walk over names as a signature holds them: what the rules alone make of a stack. */
    Walk walkNames(List<String> names) {
        return walk(names.stream().map(this::named).toList());
    }

    private Walk walk(List<Named> frames) {
        int start = 0;
        String ended = "end-of-stack";
        for (int i = 0; i < frames.size(); i++) {
            if (frames.get(i).sentinel()) {
                start = i; // the frames further in are the sentinel's own machinery
            }
        }
        List<String> kept = new ArrayList<>();
        int real = 0;
        for (int i = start; i < frames.size(); i++) {
            Named f = frames.get(i);
            if (f.role() == Role.IRRELEVANT) {
                continue;
            }
            if (!kept.isEmpty() && kept.get(kept.size() - 1).equals(f.name())) {
                continue; // a run of one name is one: unnamed frames of one module, an inlined frame and its caller, a recursion
            }
            kept.add(f.name());
            if (f.role() == Role.PREFIX) {
                continue;
            }
            if (++real == rules.maxFrames()) {
                ended = "max-frames";
                break;
            }
        }
        return new Walk(kept, ended);
    }

    /** Each frame's name as a signature holds it: normalized, renamed, templates as {@code <T>}, unnamed ones by module. */
    private List<Named> namedFrames(ThreadTrace t) {
        List<Named> out = new ArrayList<>(t.frames().size());
        for (Frame f : t.frames()) {
            if (f.signalHandler()) {
                out.add(signalHandler);
            } else if (f.isUnknownFunction()) {
                String lib = f.library();
                out.add(lib == null ? noModule
                        : SharedCache.get(byModule, lib, l -> named("@" + l.substring(l.lastIndexOf('/') + 1))));
            } else {
                out.add(SharedCache.get(byFunction, f.function(), n -> named(name(n))));
            }
        }
        return out;
    }

    String name(String function) {
        String n = knowledge.normalize(function);
        for (SignatureRules.Rename r : rules.renames()) {
            java.util.regex.Matcher m = r.match().matcher(n);
            if (m.matches()) {
                n = m.replaceFirst(r.to());
            }
        }
        n = templates(n).replace(" const", "").replace("&&", "").strip();
        int paren = n.indexOf('(');
        // a parameter list gdb printed goes; Go's receiver ("main.(*cache).store") is part of the name
        return paren > 0 && !n.startsWith("operator") && n.charAt(paren - 1) != '.' ? n.substring(0, paren).strip() : n;
    }

    /** Template and generic arguments as {@code <T>}: instances of one template are one function for a signature. */
    static String templates(String name) {
        return dev.btexplain.knowledge.NameNormalizer.withGenericsAs(name, "<T>");
    }
}
