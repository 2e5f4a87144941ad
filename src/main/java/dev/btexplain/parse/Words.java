package dev.btexplain.parse;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Eight bytes of an array read as one word, and the test the byte scans make on it (the line reader's, the interner's
 * hash, a fleet's NDJSON reader): a scan looks at a word per step, and at single bytes only where the word flags one.
 */
public final class Words {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    /** 0x01 in every byte: times a byte's value, that value in every byte. */
    public static final long LOW_BITS = 0x0101010101010101L;
    /** The high bit of every byte. */
    public static final long HIGH_BITS = 0x8080808080808080L;

    private Words() {
    }

    /** The bytes {@code b[at, at + 8)}, the first the lowest. */
    public static long read(byte[] b, int at) {
        return (long) LONGS.get(b, at);
    }

    /** The high bit set in the lowest byte of {@code w} that is zero (and maybe in bytes above it, never below). */
    public static long zeroBytes(long w) {
        return (w - LOW_BITS) & ~w & HIGH_BITS;
    }

    /** The index of the lowest byte that {@code flags} (a high bit per byte) marks in the word read at {@code at}. */
    public static int first(int at, long flags) {
        return at + (Long.numberOfTrailingZeros(flags) >>> 3);
    }
}
