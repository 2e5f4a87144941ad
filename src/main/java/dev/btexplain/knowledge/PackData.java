package dev.btexplain.knowledge;

import java.util.List;

/**
 * Everything one pack holds, as loaded and validated.
 *
 * @param pack      its manifest
 * @param functions its function entries
 * @param roles     its thread roles
 * @param checks    its process checks and hang patterns
 * @param nextSteps what to run next, and when
 * @param locks     its known locks, their holders and owner expressions
 * @param reports   the kinds of report a tool prints that it knows
 * @param objects   the argument names of its waits that say what is waited on
 * @param shapes    the shapes of stack its home waits may name (shapes.json)
 * @param reading   how shapes.json reads threads no pack knows beyond their shapes (null when the pack has none)
 */
record PackData(Pack pack, List<FunctionEntry> functions, List<RoleDefinition> roles, List<ProcessCheck> checks,
                List<NextStep> nextSteps, LockRules locks, List<ReportKind> reports, List<ObjectArgument> objects,
                List<Shape> shapes, StackReading reading) {
    PackData {
        functions = List.copyOf(functions);
        roles = List.copyOf(roles);
        checks = List.copyOf(checks);
        nextSteps = List.copyOf(nextSteps);
        reports = List.copyOf(reports);
        objects = List.copyOf(objects);
        shapes = List.copyOf(shapes);
    }

    /**
     * shapes.json's settings besides its shapes.
     *
     * @param busyCpuPercent the share of a CPU at which the kernel's view of a thread shows it working, null when not said
     * @param ownSystemCalls library paths whose code makes system calls itself (liburing's io_uring_enter), not through
     *                       the C library: an unnamed frame of theirs may be a wait
     * @param ownSystemCallPacks the same said of the libraries of a pack (the C library's)
     */
    record StackReading(Integer busyCpuPercent, List<java.util.regex.Pattern> ownSystemCalls, List<String> ownSystemCallPacks) {
        StackReading {
            ownSystemCalls = List.copyOf(ownSystemCalls);
            ownSystemCallPacks = List.copyOf(ownSystemCallPacks);
        }
    }

    PackData withFunctions(List<FunctionEntry> replaced) {
        return new PackData(pack, replaced, roles, checks, nextSteps, locks, reports, objects, shapes, reading);
    }
}
