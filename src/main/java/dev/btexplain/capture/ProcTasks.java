package dev.btexplain.capture;

import dev.btexplain.model.ProcessFacts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The kernel's view of a process's threads, from /proc/PID/task/TID/{stat,wchan,stack}. */
final class ProcTasks {
    /** utime and stime in the fields after the command name (proc(5) fields 14 and 15; the state, field 3, is 0). */
    private static final int UTIME = 11;
    private static final int STIME = 12;
    /** How many kernel frames of /proc/PID/task/TID/stack are kept. */
    private static final int STACK_FRAMES = 8;

    private ProcTasks() {
    }

    /**
     * Watches every thread for {@code windowMillis} before gdb attaches, reading its stat {@code reads} times: the
     * state letter seen most often, the CPU ticks used over the window, then its wait channel and kernel stack. Read
     * before gdb stops the process and not after it lets it go, this describes the thread, not gdb's visit.
     */
    static Map<Long, ProcessFacts.TaskFacts> observe(long pid, long windowMillis, int reads) throws InterruptedException {
        List<Path> tasks = tasks(pid);
        Map<Long, Long> firstTicks = new HashMap<>();
        Map<Long, Long> lastTicks = new HashMap<>();
        Map<Long, Map<Character, Integer>> states = new HashMap<>();
        for (int r = 0; r < reads; r++) {
            if (r > 0) {
                Thread.sleep(windowMillis / (reads - 1));
            }
            for (Path task : tasks) {
                String[] f = statFields(task);
                if (f == null || f.length <= STIME) {
                    continue;
                }
                long lwp = Long.parseLong(task.getFileName().toString());
                long ticks = Long.parseLong(f[UTIME]) + Long.parseLong(f[STIME]);
                firstTicks.putIfAbsent(lwp, ticks);
                lastTicks.put(lwp, ticks);
                states.computeIfAbsent(lwp, k -> new HashMap<>()).merge(f[0].charAt(0), 1, Integer::sum);
            }
        }
        Map<Long, ProcessFacts.TaskFacts> facts = new HashMap<>();
        for (Path task : tasks) {
            long lwp = Long.parseLong(task.getFileName().toString());
            Map<Character, Integer> seen = states.get(lwp);
            if (seen == null) {
                continue;
            }
            char state = seen.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
            String wchan = read(task.resolve("wchan"));
            wchan = wchan == null || wchan.isBlank() || wchan.equals("0") ? null : wchan.strip();
            long used = reads > 1 ? lastTicks.get(lwp) - firstTicks.get(lwp) : -1;
            facts.put(lwp, new ProcessFacts.TaskFacts(state, used, reads > 1 ? windowMillis : 0, wchan, kernelStack(task)));
        }
        return facts;
    }

    /**
     * Fields of the stat file of a process or task folder (/proc/PID, /proc/PID/task/TID) after the command name, which
     * may hold spaces and parentheses; null when it cannot be read.
     */
    static String[] statFields(Path task) {
        String stat = read(task.resolve("stat"));
        if (stat == null) {
            return null;
        }
        int close = stat.lastIndexOf(')');
        return close < 0 ? null : stat.substring(close + 2).trim().split(" ");
    }

    /** "[<0>] futex_wait_queue+0x6d/0xa0": the function names, innermost first. */
    private static List<String> kernelStack(Path task) {
        String text = read(task.resolve("stack"));
        List<String> out = new ArrayList<>();
        if (text == null) {
            return out;
        }
        for (String line : text.split("\n")) {
            String t = line.replaceFirst("^\\[<[0-9a-fx]+>\\]\\s*", "").replaceFirst("\\+0x.*$", "").strip();
            if (!t.isEmpty() && out.size() < STACK_FRAMES) {
                out.add(t);
            }
        }
        return out;
    }

    private static List<Path> tasks(long pid) {
        try (Stream<Path> s = Files.list(Path.of("/proc", String.valueOf(pid), "task"))) {
            return s.filter(p -> p.getFileName().toString().matches("\\d+")).sorted().toList();
        } catch (IOException | SecurityException e) {
            return List.of();
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException | SecurityException e) {
            return null;
        }
    }
}
