package dev.btexplain.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.btexplain.Btexplain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The public QEMU reports of ../shared/corpus bucketed as their bug threads say (skipped, by name, without it). */
class CorpusFleetTest {
    private static final Path QEMU = Path.of("../shared/corpus/public/qemu");

    /** The bug thread a file was cut from: its GitLab issue, Launchpad bug or qemu-devel thread. */
    private static String bug(Path file) {
        return file.getFileName().toString().replaceAll("^(gitlab-\\d+|lp\\d+|qemu-devel-[a-z0-9]+).*", "$1");
    }

    @Test
    @DisplayName("corpus: the same crash or hang posted twice in one bug thread is one bucket, and no bucket mixes two bugs")
    void bucketsFollowTheBugThreads() throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(QEMU), "../shared/corpus is not here");
        Btexplain.Options options = Btexplain.Options.defaults();
        Signer signer = new Signer(SignatureRules.builtIn(), options.knowledge());
        Map<String, Set<String>> bugsOf = new TreeMap<>();
        Map<String, String> signatureOf = new TreeMap<>();
        List<Path> files;
        try (Stream<Path> s = Files.list(QEMU)) {
            files = new ArrayList<>(s.filter(p -> p.toString().endsWith(".txt")).sorted().toList());
        }
        for (Path f : files) {
            Fleet.Signed signed = Fleet.sign(new FleetReport(f.toString(), Files.readString(f), null, null, null), signer, options);
            String text = signed.signature() == null ? "not read: " + signed.skipped() : signed.signature().text();
            signatureOf.put(f.getFileName().toString(), text);
            bugsOf.computeIfAbsent(text, k -> new TreeSet<>()).add(bug(f));
        }
        // posted twice: a core's bt and the whole listing; a hang wrapped by a mail client and with single spaces; a crash
        // with its address hidden and with mojibake
        for (String[] pair : new String[][] {{"gitlab-2622-all-threads-12.txt", "gitlab-2622-coroutine-abort-core-bt.txt"},
                {"lp1805256-qemu-img-convert-hang-aarch64-wrapped.txt", "lp1805256-qemu-img-hang-single-space-frames.txt"},
                {"qemu-devel-dpdk-virtio-crash-address-hidden.txt", "qemu-devel-dpdk-virtio-crash-mojibake-nbsp.txt"}}) {
            assertEquals(signatureOf.get(pair[0]), signatureOf.get(pair[1]), pair[0] + " and " + pair[1]);
        }
        Map<String, Set<String>> mixed = new TreeMap<>();
        bugsOf.forEach((signature, bugs) -> {
            if (bugs.size() > 1) {
                mixed.put(signature, bugs);
            }
        });
        assertEquals(Map.of(), mixed, "buckets holding reports of different bugs");
    }
}
