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
    /** How many kernel frames of /proc/PID/task/TID/stack are kept. */
    private static final int STACK_FRAMES = 8;

    private ProcTasks() {
    }

    /** CPU ticks (utime + stime) by LWP now; empty when /proc is not readable. */
    static Map<Long, Long> cpuTicks(long pid) {
        Map<Long, Long> ticks = new HashMap<>();
        for (Path task : tasks(pid)) {
            String[] f = statFields(task);
            if (f != null && f.length > 14) {
                ticks.put(Long.parseLong(task.getFileName().toString()), Long.parseLong(f[13]) + Long.parseLong(f[14]));
            }
        }
        return ticks;
    }

    /** State, CPU ticks used since {@code before} (-1 without it), wchan and kernel stack of every thread. */
    static Map<Long, ProcessFacts.TaskFacts> facts(long pid, Map<Long, Long> before) {
        Map<Long, ProcessFacts.TaskFacts> facts = new HashMap<>();
        Map<Long, Long> now = cpuTicks(pid);
        for (Path task : tasks(pid)) {
            long lwp = Long.parseLong(task.getFileName().toString());
            String[] f = statFields(task);
            if (f == null) {
                continue;
            }
            long used = before.containsKey(lwp) && now.containsKey(lwp) ? now.get(lwp) - before.get(lwp) : -1;
            String wchan = read(task.resolve("wchan"));
            wchan = wchan == null || wchan.isBlank() || wchan.equals("0") ? null : wchan.strip();
            facts.put(lwp, new ProcessFacts.TaskFacts(f[0].charAt(0), used, wchan, kernelStack(task)));
        }
        return facts;
    }

    /** Fields of /proc/PID/task/TID/stat after the command name, which may hold spaces and parentheses. */
    private static String[] statFields(Path task) {
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
