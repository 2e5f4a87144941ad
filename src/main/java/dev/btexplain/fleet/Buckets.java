package dev.btexplain.fleet;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The buckets of many reports, added one at a time from any thread and in any order: every merge is commutative (counts
 * add, first/last seen are the least/greatest, the example is the least source), so the same reports give the same
 * buckets whatever their order.
 */
public final class Buckets {
    /** Hosts counted per bucket up to this many (a set of names per bucket must stay small). */
    static final int HOSTS_COUNTED = 100_000;
    /** Versions listed per bucket up to this many. */
    static final int VERSIONS_KEPT = 50;

    private final Map<String, Acc> byText = new HashMap<>();
    private long reports;

    private static final class Acc {
        Signature signature;
        long count;
        String first;
        String last;
        final TreeSet<String> versions = new TreeSet<>();
        final Set<String> hosts = new HashSet<>();
        String example;
        String exampleVerdict;

        Acc(Signature signature) {
            this.signature = signature;
        }
    }

    public synchronized void add(Signature s, FleetReport r, String verdict) {
        reports++;
        Acc a = byText.computeIfAbsent(s.text(), k -> new Acc(s));
        a.count++;
        if (r.time() != null) {
            a.first = a.first == null || r.time().compareTo(a.first) < 0 ? r.time() : a.first;
            a.last = a.last == null || r.time().compareTo(a.last) > 0 ? r.time() : a.last;
        }
        if (r.version() != null && (a.versions.size() < VERSIONS_KEPT || a.versions.contains(r.version()))) {
            a.versions.add(r.version());
        }
        if (r.host() != null && a.hosts.size() < HOSTS_COUNTED) {
            a.hosts.add(r.host());
        }
        if (a.example == null || SOURCES.compare(r.source(), a.example) < 0) {
            a.example = r.source();
            a.exampleVerdict = verdict;
            a.signature = s;
        }
    }

    /** Sources in name order, an NDJSON file's lines by number ("day.ndjson:9" before "day.ndjson:10"). */
    static final Comparator<String> SOURCES = Comparator.comparing(Buckets::file).thenComparingLong(Buckets::line);

    private static String file(String source) {
        return line(source) < 0 ? source : source.substring(0, source.lastIndexOf(':'));
    }

    private static long line(String source) {
        int colon = source.lastIndexOf(':');
        String tail = colon < 0 ? "" : source.substring(colon + 1);
        return !tail.isEmpty() && tail.length() < 18 && tail.chars().allMatch(Character::isDigit) ? Long.parseLong(tail) : -1;
    }

    public synchronized long reports() {
        return reports;
    }

    /** Most reports first, then by signature: a fixed order. */
    public synchronized List<Bucket> sorted() {
        List<Bucket> out = new ArrayList<>();
        for (Acc a : byText.values()) {
            out.add(new Bucket(a.signature, a.count, a.first, a.last, new ArrayList<>(a.versions), a.hosts.size(), a.example,
                    a.exampleVerdict));
        }
        out.sort(Comparator.comparingLong(Bucket::count).reversed().thenComparing(b -> b.signature().text()));
        return out;
    }
}
