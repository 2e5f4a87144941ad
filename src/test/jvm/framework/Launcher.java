package framework;

import java.util.concurrent.Callable;

/** A command framework the program runs through, as picocli or Spring's runner: several frames of its own on main's stack. */
public final class Launcher {
    private Launcher() {
    }

    public static int run(Callable<Integer> command) throws Exception {
        return parse(command, 3);
    }

    private static int parse(Callable<Integer> command, int depth) throws Exception {
        return depth == 0 ? execute(command) : parse(command, depth - 1);
    }

    private static int execute(Callable<Integer> command) throws Exception {
        return command.call();
    }
}
