package dev.btexplain.model;

import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;

/**
 * An immutable list of frames that makes each {@link Frame} when it is read. A parser stores a million
 * frames column by column in a few arrays and hands threads views of them: a Frame object per frame,
 * kept for the whole run, is what made the garbage collector the largest cost of a large parse.
 * Subclasses must return equal frames for the same index every time.
 *
 * <p>The field readers ({@link #function(int)} and the others) answer without making a Frame: the analysis asks
 * each thread's names many times, and a list stored by columns reads them straight from its columns.
 */
public abstract class FrameList extends AbstractList<Frame> implements RandomAccess {

    /** Frames made one by one (small parsers, tests), kept as they are. */
    public static FrameList of(List<Frame> frames) {
        List<Frame> copy = List.copyOf(frames);
        return new FrameList() {
            @Override
            public Frame get(int i) {
                return copy.get(i);
            }

            @Override
            public int size() {
                return copy.size();
            }
        };
    }

    public String function(int i) {
        return get(i).function();
    }

    public String library(int i) {
        return get(i).library();
    }

    /** As {@link Frame#args()}. */
    public String args(int i) {
        return get(i).args();
    }

    public SourceRef source(int i) {
        return get(i).source();
    }

    /** As {@link Frame#hasAddress()}. */
    public boolean hasAddress(int i) {
        return get(i).hasAddress();
    }

    /** As {@link Frame#pc()}. */
    public long pc(int i) {
        return get(i).pc();
    }

    /** The number printed after '#'. */
    public int index(int i) {
        return get(i).index();
    }

    public boolean signalHandler(int i) {
        return get(i).signalHandler();
    }

    public boolean unreliable(int i) {
        return get(i).unreliable();
    }

    /** As {@link Frame#isUnknownFunction()}. */
    public boolean isUnknownFunction(int i) {
        return Frame.unknownFunction(function(i), signalHandler(i));
    }
}
