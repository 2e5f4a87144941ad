package dev.btexplain.model;

import java.util.List;

/**
 * One thread's stack as printed, frames innermost first.
 *
 * @param number           gdb's thread number, null when the listing had no thread header
 * @param lwp              the kernel thread id, null when not printed
 * @param pthread          the pthread_t address ("0x7f3a9e5ff6c0") or other target id, null when not printed
 * @param name             the thread name printed after the LWP, null when none
 * @param current          true when gdb marked this thread as the selected one (the crashing one in a core)
 * @param frames           the frames, innermost first
 * @param stopReason       gdb's "Backtrace stopped: ..." text, null when the stack ended normally
 * @param moreFramesFollow true when gdb printed "(More stack frames follow...)" (a limited bt)
 * @param line             1-based input line where the thread's header (or first frame) is
 * @param runtime          what a language runtime's own dump says of the thread (its state, its locks), null for a
 *                         debugger's listing
 */
public record ThreadTrace(
        Integer number,
        Long lwp,
        String pthread,
        String name,
        boolean current,
        List<Frame> frames,
        String stopReason,
        boolean moreFramesFollow,
        int line,
        RuntimeView runtime) {

    public ThreadTrace {
        frames = frames instanceof FrameList ? frames : FrameList.of(frames);
    }

    /** A debugger's thread: no runtime's view of it. */
    public ThreadTrace(Integer number, Long lwp, String pthread, String name, boolean current, List<Frame> frames,
                       String stopReason, boolean moreFramesFollow, int line) {
        this(number, lwp, pthread, name, current, frames, stopReason, moreFramesFollow, line, null);
    }

    /** The frames with their field readers ({@link FrameList}). */
    public FrameList frameList() {
        return (FrameList) frames;
    }
}
