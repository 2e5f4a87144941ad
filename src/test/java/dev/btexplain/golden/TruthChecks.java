package dev.btexplain.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.btexplain.Btexplain;
import dev.btexplain.analyze.Diagnosis;
import dev.btexplain.analyze.LockGraph;
import dev.btexplain.analyze.ThreadExplanation;
import dev.btexplain.model.ThreadTrace;
import dev.btexplain.report.Report;
import dev.btexplain.report.ReportFormat;
import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a truth file says is true of a capture, checked against the report, independently of golden files:
 * each thread's role and state, the verdict, and the phrases the report must and must not contain.
 * Two shapes are read: the shared corpus's ({@code threads_detail}, {@code verdict} as a list) and ours
 * ({@code roles} and {@code states} keyed by thread number).
 */
public final class TruthChecks {
    private TruthChecks() {
    }

    public static void assertExplained(JsonNode truth, Report report) throws IOException {
        for (JsonNode d : truth.path("threads_detail")) {
            ThreadExplanation x = thread(report, d.path("num").asInt());
            if (d.has("roles")) {
                assertTrue(texts(d.get("roles")).contains(x.role().id()),
                        "role of thread " + d.path("num").asInt() + ": " + x.role().id() + ", truth " + d.get("roles"));
            } else if (d.has("role")) {
                // free text in the founding example ("qemu main loop", "rcu"): the label or id must say it
                String want = d.get("role").asText().toLowerCase(Locale.ROOT);
                assertTrue(x.role().label().toLowerCase(Locale.ROOT).contains(want) || x.role().id().contains(want.replace(' ', '-')),
                        "role of thread " + d.path("num").asInt() + ": " + x.role().id() + ", truth " + want);
            }
            List<String> states = d.has("states") ? texts(d.get("states")) : d.has("state") ? List.of(d.get("state").asText()) : List.of();
            if (!states.isEmpty()) {
                assertTrue(states.contains(x.state().id()),
                        "state of thread " + d.path("num").asInt() + ": " + x.state().id() + ", truth " + states);
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = truth.path("roles").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            assertEquals(e.getValue().asText(), thread(report, e.getKey()).role().id(), "role of thread " + e.getKey());
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = truth.path("states").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            assertEquals(e.getValue().asText(), thread(report, e.getKey()).state().id(), "state of thread " + e.getKey());
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = truth.path("activities").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            assertEquals(e.getValue().asText(), thread(report, e.getKey()).activity().id(), "activity of thread " + e.getKey());
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = truth.path("inlined_frames").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            List<Integer> want = new ArrayList<>();
            e.getValue().forEach(n -> want.add(n.asInt()));
            List<Integer> inlined = thread(report, e.getKey()).thread().frames().stream().filter(f -> f.inlined())
                    .map(f -> f.index()).toList();
            assertEquals(want, inlined, "inlined frames of thread " + e.getKey());
        }
        if (truth.has("verdict")) {
            List<String> verdicts = truth.get("verdict").isArray() ? texts(truth.get("verdict")) : List.of(truth.get("verdict").asText());
            assertTrue(verdicts.contains(report.analysis().diagnosis().verdict().id()),
                    "verdict " + report.analysis().diagnosis().verdict().id() + ", truth " + verdicts);
        }
        Diagnosis d = report.analysis().diagnosis();
        if (truth.has("confidence")) {
            assertEquals(truth.get("confidence").asText(), d.confidence().id(), "confidence of the verdict");
        }
        if (truth.has("deadlock_cycle")) {
            List<Integer> cycle = d.locks().cycle().stream().map(t -> t.thread().number()).sorted().toList();
            List<Integer> want = new ArrayList<>();
            truth.get("deadlock_cycle").forEach(n -> want.add(n.asInt()));
            assertEquals(want.stream().sorted().toList(), cycle, "threads of the deadlock cycle");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = truth.path("lock_owners").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            LockGraph.LockWait w = d.locks().locks().stream()
                    .filter(l -> e.getKey().equals(l.lock().symbol()) || e.getKey().equals(l.lock().id())).findFirst()
                    .orElseThrow(() -> new AssertionError("no lock " + e.getKey() + " in " + d.locks().locks()));
            assertTrue(w.owner() != null, "an owner for " + e.getKey());
            assertEquals(e.getValue().asInt(), w.owner().thread().number(), "owner of " + e.getKey());
        }
        if (truth.has("crash")) {
            // the fields a truth knows: a capture made here knows them all, a public report its thread and signal
            JsonNode c = truth.get("crash");
            assertTrue(d.crash() != null, "a crash");
            if (c.has("thread")) {
                assertEquals(c.get("thread").isNull() ? null : c.get("thread").asInt(), d.crash().thread(), "crashing thread");
            }
            if (c.has("signal")) {
                assertEquals(c.get("signal").isNull() ? null : c.get("signal").asText(), d.crash().signal(), "signal");
            }
            if (c.has("signature")) {
                assertEquals(c.get("signature").asText(), d.crash().signature(), "crash signature");
            }
            if (c.has("frame")) {
                assertEquals(c.get("frame").asInt(), d.crash().frame(), "first frame of the program's own code");
            }
        }
        for (JsonNode group : truth.path("groups_of_identical_stacks")) {
            List<Integer> want = new ArrayList<>();
            group.forEach(n -> want.add(n.asInt()));
            assertTrue(d.groups().stream().anyMatch(g -> g.threads().stream().map(t -> t.thread().number()).toList().equals(want)),
                    "a group of threads " + want);
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = truth.path("changed").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            ThreadExplanation x = thread(report, Integer.parseInt(e.getKey()));
            assertEquals(e.getValue().asBoolean(), report.analysis().changedAcrossSamples(x.thread()), "changed: thread " + e.getKey());
        }
        String text = flat(render(report, ReportFormat.TEXT));
        for (JsonNode phrase : truth.path("must_say")) {
            assertTrue(text.toLowerCase(Locale.ROOT).contains(flat(phrase.asText()).toLowerCase(Locale.ROOT)),
                    "the report must say: " + phrase.asText());
        }
        for (ReportFormat f : ReportFormat.values()) {
            String out = render(report, f);
            for (JsonNode phrase : truth.path("must_not_say")) {
                assertFalse(out.contains(phrase.asText()), "the " + f.id() + " report must not say: " + phrase.asText());
            }
        }
    }

    private static ThreadExplanation thread(Report report, int number) {
        for (ThreadTrace t : report.backtrace().threads()) {
            if (t.number() != null && t.number() == number) {
                return report.analysis().of(t);
            }
        }
        throw new AssertionError("no thread " + number);
    }

    /** A thread by gdb's number, "lwp:N" by its LWP, or "only": the one thread of a listing without thread headers. */
    private static ThreadExplanation thread(Report report, String key) {
        if (key.equals("only")) {
            List<ThreadTrace> threads = report.backtrace().threads();
            assertEquals(1, threads.size(), "\"only\" names the one thread of the listing");
            return report.analysis().of(threads.get(0));
        }
        if (key.startsWith("lwp:")) {
            long lwp = Long.parseLong(key.substring(4)); // a listing without thread numbers (eu-stack)
            return report.analysis().of(report.backtrace().threads().stream().filter(t -> t.lwp() != null && t.lwp() == lwp)
                    .findFirst().orElseThrow(() -> new AssertionError("no LWP " + lwp)));
        }
        return thread(report, Integer.parseInt(key));
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static String render(Report report, ReportFormat format) throws IOException {
        StringWriter w = new StringWriter();
        Btexplain.render(report, format, w, false);
        return w.toString();
    }

    /** Wrapped report lines read as one: runs of white space become one space. */
    private static String flat(String s) {
        return s.replaceAll("\\s+", " ");
    }
}
