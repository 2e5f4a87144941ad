package dev.btexplain.model;

import java.util.AbstractList;
import java.util.RandomAccess;

/**
 * An immutable list of frames that makes each {@link Frame} when it is read. A parser stores a million
 * frames column by column in a few arrays and hands threads views of them: a Frame object per frame,
 * kept for the whole run, is what made the garbage collector the largest cost of a large parse.
 * Subclasses must return equal frames for the same index every time.
 */
public abstract class FrameList extends AbstractList<Frame> implements RandomAccess {
}
