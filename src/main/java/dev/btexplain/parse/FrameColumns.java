package dev.btexplain.parse;

import dev.btexplain.model.Frame;
import dev.btexplain.model.FrameList;
import dev.btexplain.model.Local;
import dev.btexplain.model.SourceRef;
import dev.btexplain.model.TextBlock;
import java.util.List;

/**
 * The frames of one parse, stored column by column in chunks of {@link #CHUNK} frames; each thread's frames
 * are contiguous in one chunk and the thread gets a read-only {@link FrameList} view of them. Only the
 * parser writes, and only at the end of the current chunk.
 */
final class FrameColumns {
    static final int CHUNK = 1 << 15;
    private static final byte INLINED = 1;
    private static final byte SIGNAL_HANDLER = 2;

    /** One chunk of columns. Frames written to it never change once a view covers them. */
    static final class Chunk {
        final int[] index;
        final long[] pc;
        final byte[] pcDigits;
        final byte[] flags;
        final String[] function;
        final TextBlock[] argsText;
        final int[] argsOffset;
        final int[] argsLength;
        final SourceRef[] source;
        final String[] library;
        final int[] line;
        /** bt full's locals by frame; allocated when the chunk's first frame with locals comes. */
        List<Local>[] locals;
        int size;

        Chunk(int capacity) {
            index = new int[capacity];
            pc = new long[capacity];
            pcDigits = new byte[capacity];
            flags = new byte[capacity];
            function = new String[capacity];
            argsText = new TextBlock[capacity];
            argsOffset = new int[capacity];
            argsLength = new int[capacity];
            source = new SourceRef[capacity];
            library = new String[capacity];
            line = new int[capacity];
        }

        int capacity() {
            return index.length;
        }

        Frame frame(int i) {
            return new Frame(index[i], pc[i], pcDigits[i], function[i], argsText[i], argsOffset[i], argsLength[i],
                    source[i], library[i], (flags[i] & INLINED) != 0, (flags[i] & SIGNAL_HANDLER) != 0,
                    locals == null ? null : locals[i], line[i]);
        }

        @SuppressWarnings("unchecked")
        void setLocals(int i, List<Local> l) {
            if (locals == null) {
                locals = (List<Local>[]) new List<?>[capacity()];
            }
            locals[i] = l;
        }

        void copy(int from, Chunk to, int at) {
            to.index[at] = index[from];
            to.pc[at] = pc[from];
            to.pcDigits[at] = pcDigits[from];
            to.flags[at] = flags[from];
            to.function[at] = function[from];
            to.argsText[at] = argsText[from];
            to.argsOffset[at] = argsOffset[from];
            to.argsLength[at] = argsLength[from];
            to.source[at] = source[from];
            to.library[at] = library[from];
            to.line[at] = line[from];
            if (locals != null && locals[from] != null) {
                to.setLocals(at, locals[from]);
            }
        }
    }

    /** A thread's frames: {@code count} frames from {@code start} of {@code chunk}. */
    static final class View extends FrameList {
        final Chunk chunk;
        final int start;
        final int count;

        View(Chunk chunk, int start, int count) {
            this.chunk = chunk;
            this.start = start;
            this.count = count;
        }

        @Override
        public Frame get(int i) {
            return chunk.frame(at(i));
        }

        @Override
        public int size() {
            return count;
        }

        @Override
        public String function(int i) {
            return chunk.function[at(i)];
        }

        @Override
        public String library(int i) {
            return chunk.library[at(i)];
        }

        @Override
        public String args(int i) {
            int at = at(i);
            return chunk.argsLength[at] < 0 ? null : chunk.argsText[at].text(chunk.argsOffset[at], chunk.argsLength[at]);
        }

        @Override
        public SourceRef source(int i) {
            return chunk.source[at(i)];
        }

        @Override
        public int index(int i) {
            return chunk.index[at(i)];
        }

        @Override
        public boolean hasAddress(int i) {
            return chunk.pcDigits[at(i)] > 0;
        }

        @Override
        public long pc(int i) {
            return chunk.pc[at(i)];
        }

        @Override
        public boolean signalHandler(int i) {
            return (chunk.flags[at(i)] & SIGNAL_HANDLER) != 0;
        }

        @Override
        public boolean unreliable(int i) {
            return false; // a gdb listing has no unconfirmed frames (the kernel's parser makes its own frames)
        }

        private int at(int i) {
            if (i < 0 || i >= count) {
                throw new IndexOutOfBoundsException(i);
            }
            return start + i;
        }
    }

    /**
     * The first chunk is small: most inputs are a few dozen or hundred frames (a fleet parses a million of them, and
     * zeroing a full chunk's columns for each was a fifth of its time); each next one is four times the last, up to
     * the full size.
     */
    static final int FIRST_CHUNK = 1 << 4;
    private Chunk chunk = new Chunk(FIRST_CHUNK);
    private final List<Chunk> chunks = new java.util.ArrayList<>(List.of(chunk));
    /** Where the current thread's frames begin in {@link #chunk}. */
    private int threadStart;

    void startThread() {
        threadStart = chunk.size;
    }

    /** Continues a thread that ended last (its frames are still the last ones written), or copies them. */
    void reopen(View v) {
        if (v.chunk == chunk && v.start + v.count == chunk.size) {
            threadStart = v.start;
            return;
        }
        startThread();
        for (int i = 0; i < v.count; i++) {
            ensureRoom();
            v.chunk.copy(v.start + i, chunk, chunk.size++);
        }
    }

    int count() {
        return chunk.size - threadStart;
    }

    Frame get(int i) {
        return chunk.frame(threadStart + i);
    }

    boolean lastHasLocation() {
        return chunk.source[chunk.size - 1] != null || chunk.library[chunk.size - 1] != null;
    }

    void clear() {
        truncate(threadStart);
    }

    void removeLast() {
        truncate(chunk.size - 1);
    }

    private void truncate(int size) {
        for (int i = size; i < chunk.size; i++) {
            if (chunk.locals != null) {
                chunk.locals[i] = null;
            }
            chunk.function[i] = null;
            chunk.argsText[i] = null;
            chunk.source[i] = null;
            chunk.library[i] = null;
        }
        chunk.size = size;
    }

    void setLocalsOfLast(List<Local> locals) {
        chunk.setLocals(chunk.size - 1, List.copyOf(locals));
    }

    void add(int index, long pc, int pcDigits, String function, TextBlock argsText, int argsOffset, int argsLength,
             SourceRef source, String library, boolean callerOfInlined, boolean signalHandler, int line) {
        ensureRoom();
        Chunk c = chunk;
        int i = c.size++;
        // gdb prints no address on the frame into which the frame before it (one inner) was inlined
        if (callerOfInlined && count() > 1 && c.index[i - 1] == index - 1) {
            c.flags[i - 1] |= INLINED;
        }
        c.index[i] = index;
        c.pc[i] = pc;
        c.pcDigits[i] = (byte) pcDigits;
        c.flags[i] = signalHandler ? SIGNAL_HANDLER : 0;
        c.function[i] = function;
        c.argsText[i] = argsText;
        c.argsOffset[i] = argsOffset;
        c.argsLength[i] = argsLength;
        c.source[i] = source;
        c.library[i] = library;
        c.line[i] = line;
    }

    /**
     * A full chunk: the current thread's frames move to a new one, so that a thread stays in one chunk; a
     * thread deeper than a chunk (runaway recursion) gets a chunk twice its depth.
     */
    private void ensureRoom() {
        if (chunk.size < chunk.capacity()) {
            return;
        }
        int n = count();
        Chunk next = new Chunk(Math.max(Math.min(CHUNK, 4 * chunk.capacity()), 2 * (n + 1)));
        for (int i = 0; i < n; i++) {
            chunk.copy(threadStart + i, next, i);
        }
        next.size = n;
        truncate(threadStart);
        chunk = next;
        chunks.add(next);
        threadStart = 0;
    }

    /** Adds {@code offset} to every frame's input line: this part began {@code offset} lines into the input. */
    void shiftLines(int offset) {
        for (Chunk c : chunks) {
            for (int i = 0; i < c.size; i++) {
                c.line[i] += offset;
            }
        }
    }

    View view() {
        return new View(chunk, threadStart, count());
    }
}
