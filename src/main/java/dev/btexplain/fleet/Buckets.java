package dev.btexplain.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The buckets of many reports, added one at a time from any thread and in any order, or as {@link Part}s another
 * engine merged: every merge is commutative and associative (counts add, first/last seen are the least/greatest, the
 * versions kept are the least ones, the example is the least source), so the same reports give the same buckets
 * whatever their order and however they were split.
 */
public final class Buckets {
    /** Hosts counted per bucket up to this many (a set of names per bucket must stay small). */
    static final int HOSTS_COUNTED = 100_000;
    /** Versions listed per bucket: the least this many. */
    static final int VERSIONS_KEPT = 50;

    private final Map<String, Part> byText = new HashMap<>();
    private long reports;

    /**
     * What is known of one signature's reports so far: merged with another part of the same signature, it gives what
     * both know. Mutable for speed inside one engine's worker; an engine that moves parts between machines moves
     * {@link #toJson()}.
     */
    public static final class Part {
        private Signature signature;
        private long count;
        private String first;
        private String last;
        private final TreeSet<String> versions = new TreeSet<>();
        private final java.util.Set<String> hosts = new java.util.HashSet<>();
        private String example;
        private String exampleVerdict;

        private Part(Signature signature) {
            this.signature = signature;
        }

        /** One report's part. */
        public static Part of(Signature s, FleetReport r, String verdict) {
            Part p = new Part(s);
            p.count = 1;
            p.first = r.time();
            p.last = r.time();
            if (r.version() != null) {
                p.versions.add(r.version());
            }
            if (r.host() != null) {
                p.hosts.add(r.host());
            }
            p.example = r.source();
            p.exampleVerdict = verdict;
            return p;
        }

        public String key() {
            return signature.text();
        }

        /** The other part's reports added to this one's (the same signature); this part, grown. */
        public Part merge(Part o) {
            grow(o.count, o.first, o.last, o.versions, o.hosts, o.example, o.exampleVerdict, o.signature);
            return this;
        }

        /** One report added: what merging its own part ({@link #of}) would do, without making one. */
        void add(Signature s, FleetReport r, String verdict) {
            grow(1, r.time(), r.time(), r.version() == null ? List.of() : List.of(r.version()),
                    r.host() == null ? List.of() : List.of(r.host()), r.source(), verdict, s);
        }

        /** What both merging and adding do: counts add, first and last widen, the least versions and example win. */
        private void grow(long reports, String firstSeen, String lastSeen, java.util.Collection<String> moreVersions,
                          java.util.Collection<String> moreHosts, String source, String verdict, Signature s) {
            count += reports;
            first = least(first, firstSeen);
            last = lastSeen == null || last != null && last.compareTo(lastSeen) >= 0 ? last : lastSeen;
            for (String v : moreVersions) {
                // a version past the least ones kept would be dropped at once
                if (versions.size() < VERSIONS_KEPT || v.compareTo(versions.last()) < 0) {
                    versions.add(v);
                    if (versions.size() > VERSIONS_KEPT) {
                        versions.pollLast();
                    }
                }
            }
            for (String h : moreHosts) {
                if (hosts.size() >= HOSTS_COUNTED) {
                    break; // the count stops at the cap whichever hosts came first
                }
                hosts.add(h);
            }
            if (source != null && (example == null || SOURCES.compare(source, example) < 0)) {
                example = source;
                exampleVerdict = verdict;
                signature = s; // its frames are the example's
            }
        }

        private static String least(String a, String b) {
            return b == null || a != null && a.compareTo(b) <= 0 ? a : b;
        }

        Bucket bucket() {
            return new Bucket(signature, count, first, last, new ArrayList<>(versions), hosts.size(), example, exampleVerdict);
        }

        private static final ObjectMapper JSON = new ObjectMapper();

        /** The part as one line of JSON, for an engine that moves parts as text. */
        public String toJson() {
            ObjectNode o = JSON.createObjectNode();
            ObjectNode s = o.putObject("signature");
            s.put("kind", signature.kind()).put("text", signature.text()).put("id", signature.id()).put("ended_by", signature.endedBy());
            ArrayNode frames = s.putArray("frames");
            signature.frames().forEach(frames::add);
            o.put("count", count).put("first", first).put("last", last).put("example", example).put("example_verdict", exampleVerdict);
            versions.forEach(o.putArray("versions")::add);
            hosts.forEach(o.putArray("hosts")::add);
            return o.toString();
        }

        /** A part read back from {@link #toJson()}. */
        public static Part fromJson(String json) {
            JsonNode o;
            try {
                o = JSON.readTree(json);
            } catch (java.io.IOException e) {
                throw new IllegalArgumentException("not a bucket part: " + e.getMessage(), e);
            }
            JsonNode s = o.get("signature");
            List<String> frames = new ArrayList<>();
            s.get("frames").forEach(f -> frames.add(f.asText()));
            Part p = new Part(new Signature(s.get("kind").asText(), s.get("text").asText(), frames, s.get("id").asText(),
                    s.get("ended_by").asText()));
            p.count = o.get("count").asLong();
            p.first = text(o, "first");
            p.last = text(o, "last");
            p.example = text(o, "example");
            p.exampleVerdict = text(o, "example_verdict");
            o.get("versions").forEach(v -> p.versions.add(v.asText()));
            o.get("hosts").forEach(h -> p.hosts.add(h.asText()));
            return p;
        }

        private static String text(JsonNode o, String field) {
            JsonNode v = o.get(field);
            return v == null || v.isNull() ? null : v.asText();
        }
    }

    /** A report signed, and its verdict. */
    public record SignedReport(Signature signature, FleetReport report, String verdict) {
    }

    /**
     * Reports added to their signatures' buckets (a part made only for a signature not seen before), at once: a
     * worker's batch takes the lock once, not once a report.
     */
    public synchronized void add(List<SignedReport> signed) {
        for (SignedReport s : signed) {
            addUnlocked(s.signature(), s.report(), s.verdict());
        }
    }

    private void addUnlocked(Signature s, FleetReport r, String verdict) {
        reports++;
        Part known = byText.get(s.text());
        if (known == null) {
            byText.put(s.text(), Part.of(s, r, verdict));
        } else {
            known.add(s, r, verdict);
        }
    }

    /** A part merged into its signature's bucket. */
    public synchronized void add(Part p) {
        reports += p.count;
        Part known = byText.putIfAbsent(p.key(), p);
        if (known != null) {
            known.merge(p);
        }
    }

    /**
     * Sources in name order, an NDJSON file's lines by number ("day.ndjson:9" before "day.ndjson:10"): the file's names
     * as {@link String#compareTo} orders them, then the line (none first). Every report is compared with its bucket's
     * example, so nothing is made to compare them.
     */
    static final Comparator<String> SOURCES = Buckets::compareSources;

    private static int compareSources(String a, String b) {
        int lineA = lineAt(a);
        int lineB = lineAt(b);
        int fileA = lineA < 0 ? a.length() : lineA - 1;
        int fileB = lineB < 0 ? b.length() : lineB - 1;
        for (int i = 0; i < Math.min(fileA, fileB); i++) {
            if (a.charAt(i) != b.charAt(i)) {
                return a.charAt(i) - b.charAt(i);
            }
        }
        return fileA != fileB ? fileA - fileB : Long.compare(line(a, lineA), line(b, lineB));
    }

    /** Where a source's line number starts (after its last colon: 1 to 17 digits), or -1 when it names none. */
    private static int lineAt(String source) {
        int from = source.lastIndexOf(':') + 1;
        if (from == 0 || from == source.length() || source.length() - from >= 18) {
            return -1;
        }
        for (int i = from; i < source.length(); i++) {
            if (!Character.isDigit(source.charAt(i))) {
                return -1;
            }
        }
        return from;
    }

    /** The line number that starts at {@code at} ({@link #lineAt}), or -1 for none. */
    private static long line(String source, int at) {
        if (at < 0) {
            return -1;
        }
        long line = 0;
        for (int i = at; i < source.length(); i++) {
            line = line * 10 + Character.digit(source.charAt(i), 10);
        }
        return line;
    }

    public synchronized long reports() {
        return reports;
    }

    /** Most reports first, then by signature: a fixed order. */
    public synchronized List<Bucket> sorted() {
        List<Bucket> out = new ArrayList<>();
        for (Part p : byText.values()) {
            out.add(p.bucket());
        }
        out.sort(Comparator.comparingLong(Bucket::count).reversed().thenComparing(b -> b.signature().text()));
        return out;
    }
}
