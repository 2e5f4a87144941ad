package dev.btexplain.model;

/** The text format a backtrace was read from; {@link #id()} is the CONTRACT.md {@code input.format} string. */
public enum InputFormat {
    GDB("gdb"),
    LLDB("lldb"),
    EU_STACK("eu-stack"),
    COREDUMPCTL("coredumpctl"),
    ASAN("asan"),
    TSAN("tsan"),
    UBSAN("ubsan"),
    LSAN("lsan"),
    BACKTRACE_SYMBOLS("backtrace-symbols"),
    KERNEL("kernel"),
    PROC_STACK("proc-stack"),
    /** A HotSpot thread dump: jstack, kill -3, jcmd Thread.print. */
    JSTACK("jstack"),
    /** The Go runtime's goroutine dump: a panic, a fatal error, SIGQUIT. */
    GO("go"),
    /** CPython's faulthandler dump: a fatal error, a timeout, faulthandler.dump_traceback or a registered signal. */
    FAULTHANDLER("faulthandler"),
    /** py-spy's dump of a running Python process's threads ({@code py-spy dump --pid PID}). */
    PY_SPY("py-spy"),
    /** A Python exception's traceback ("Traceback (most recent call last):"), as an uncaught one is printed. */
    PYTHON_TRACEBACK("python-traceback"),
    /** A Java exception's stack trace (Throwable.printStackTrace: "Exception in thread ...", "Caused by: ..."). */
    JAVA_EXCEPTION("java-exception"),
    MIXED("mixed"),
    UNKNOWN("unknown");

    private final String id;

    InputFormat(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** The stacks are the kernel's (a kernel report, /proc/PID/task/TID/stack), not a process's threads in user space. */
    public boolean kernelStacks() {
        return this == KERNEL || this == PROC_STACK;
    }

    /**
     * A language runtime's dump of its own threads (jstack): not the debugger's list of the process's tasks, so the
     * lowest thread id it shows need not be the process's first task.
     */
    public boolean runtimeDump() {
        return this == JSTACK || this == GO || this == FAULTHANDLER || this == PY_SPY || this == PYTHON_TRACEBACK || this == JAVA_EXCEPTION;
    }

    /** The stacks are the parts of a sanitizer's report (the access, where freed, where allocated), not the process's threads. */
    public boolean reportStacks() {
        return this == ASAN || this == TSAN || this == LSAN || this == UBSAN;
    }
}
