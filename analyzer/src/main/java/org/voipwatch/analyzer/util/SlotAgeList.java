package org.voipwatch.analyzer.util;

/**
 * Slot allocator and age order of a pooled table of {@code capacity} entries: an intrusive doubly-linked list over
 * the used slot numbers, oldest first, and a free list through the unused ones. The owner keeps its entries in its
 * own primitive arrays indexed by slot and decides what "age" means: {@link #touch} for least-recently-active order,
 * never touching for first-seen order. Eviction and expiry stay with the owner (it must also drop the slot from its
 * key index and count why); they walk from {@link #oldest()}.
 *
 * <p>Free slots are handed out last-released first, and slots 0, 1, 2... on a fresh list, so slot numbers (which
 * some owners expose as entry numbers) follow the same sequence as the hand-written lists this class replaced.
 * Every operation is O(1) and none allocates. Owned by the thread that owns the table using it.
 */
public final class SlotAgeList {
    private final int capacity;
    /** Next older slot in the age list, -1 at the oldest. */
    private final int[] prev;
    /** Next newer slot in the age list (-1 at the newest); for a free slot, the next free slot (-1 at the end). */
    private final int[] next;
    private int head = -1;
    private int tail = -1;
    private int free;
    private int size;

    public SlotAgeList(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1: " + capacity);
        }
        this.capacity = capacity;
        prev = new int[capacity];
        next = new int[capacity];
        for (int i = 0; i < capacity; i++) {
            next[i] = i + 1 < capacity ? i + 1 : -1;
        }
    }

    /**
     * Takes a free slot and appends it as the newest; returns it. The caller makes room first when
     * {@link #isFull()} (removing the {@link #oldest()} slot, counted as its eviction).
     *
     * @throws IllegalStateException when no slot is free (a bug in the caller, not a property of the input)
     */
    public int pushNewest() {
        int s = free;
        if (s < 0) {
            throw new IllegalStateException("no free slot: evict before pushing (capacity " + capacity + ")");
        }
        free = next[s];
        prev[s] = tail;
        next[s] = -1;
        if (tail >= 0) {
            next[tail] = s;
        } else {
            head = s;
        }
        tail = s;
        size++;
        return s;
    }

    /** Moves a used slot to the newest end. */
    public void touch(int slot) {
        if (slot == tail) {
            return;
        }
        unlink(slot);
        prev[slot] = tail;
        next[slot] = -1;
        next[tail] = slot;
        tail = slot;
    }

    /** Unlinks a used slot and returns it to the free list (it is the next one {@link #pushNewest} hands out). */
    public void remove(int slot) {
        unlink(slot);
        next[slot] = free;
        free = slot;
        size--;
    }

    private void unlink(int slot) {
        int p = prev[slot];
        int q = next[slot];
        if (p >= 0) {
            next[p] = q;
        } else {
            head = q;
        }
        if (q >= 0) {
            prev[q] = p;
        } else {
            tail = p;
        }
    }

    /** The oldest used slot, or -1 when empty. */
    public int oldest() {
        return head;
    }

    /** The newest used slot, or -1 when empty. */
    public int newest() {
        return tail;
    }

    /** The used slot just newer than this used one, or -1 when it is the newest. */
    public int next(int slot) {
        return next[slot];
    }

    public int size() {
        return size;
    }

    public int capacity() {
        return capacity;
    }

    public boolean isFull() {
        return size == capacity;
    }
}
