package dev.btexplain.parse;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Prefixes of lines that carry nothing for the model, each with the reason it is skipped, read from a
 * resource list (one "reason TAB prefix" per line, '#' comments). Matching is a startsWith over the few
 * entries whose first character fits, so it costs little on the lines that reach it.
 */
final class NoiseTable {
    private final List<String>[] byFirstChar;
    private final List<String>[] reasonsByFirstChar;

    @SuppressWarnings("unchecked")
    private NoiseTable(List<String[]> entries) {
        byFirstChar = new List[128];
        reasonsByFirstChar = new List[128];
        for (String[] e : entries) {
            int c = e[1].charAt(0) & 127;
            if (byFirstChar[c] == null) {
                byFirstChar[c] = new ArrayList<>();
                reasonsByFirstChar[c] = new ArrayList<>();
            }
            byFirstChar[c].add(e[1]);
            reasonsByFirstChar[c].add(e[0]);
        }
    }

    static NoiseTable load(String resource) {
        try (InputStream in = NoiseTable.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            List<String[]> entries = new ArrayList<>();
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            int n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                int tab = line.indexOf('\t');
                if (tab <= 0 || tab == line.length() - 1) {
                    throw new IllegalStateException(resource + ":" + n + ": expected 'reason<TAB>prefix'");
                }
                entries.add(new String[] {line.substring(0, tab), line.substring(tab + 1)});
            }
            return new NoiseTable(entries);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The reason the line at {@code from} is noise, or null when no prefix matches. */
    String reason(String s, int from) {
        if (from >= s.length()) {
            return null;
        }
        int c = s.charAt(from) & 127;
        List<String> prefixes = byFirstChar[c];
        if (prefixes == null) {
            return null;
        }
        for (int i = 0; i < prefixes.size(); i++) {
            if (s.startsWith(prefixes.get(i), from)) {
                return reasonsByFirstChar[c].get(i);
            }
        }
        return null;
    }

    /** Length of the pager prompt the line starts with at {@code from}, 0 when none (text may follow it). */
    int pagerPromptLength(String s, int from) {
        List<String> prefixes = byFirstChar['-'];
        if (prefixes == null) {
            return 0;
        }
        for (int i = 0; i < prefixes.size(); i++) {
            if (reasonsByFirstChar['-'].get(i).equals("pager-prompt") && s.startsWith(prefixes.get(i), from)) {
                return prefixes.get(i).length();
            }
        }
        return 0;
    }
}
