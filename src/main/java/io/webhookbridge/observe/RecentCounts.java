package io.webhookbridge.observe;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;

/**
 * Counts of a fixed set of series over the last {@code slots} time slots (a minute of one-second slots, an hour of
 * one-minute slots), in a ring allocated once: recording is an index computation and an atomic add, so it may run on
 * the hot path. A slot is cleared the first time it is used for a new period; only that rollover takes a lock, once
 * per slot and period, so a count is never lost to it.
 */
public final class RecentCounts {

    private final int slots;
    private final int series;
    private final long slotMillis;
    private final LongSupplier clock;
    /** The period (time / slotMillis) each slot counts now; -1 before first use. */
    private final AtomicLongArray periods;
    /** Slot-major: the counts of slot s are at s * series ... s * series + series - 1. */
    private final AtomicLongArray counts;

    public RecentCounts(int slots, long slotMillis, int series) {
        this(slots, slotMillis, series, System::currentTimeMillis);
    }

    RecentCounts(int slots, long slotMillis, int series, LongSupplier clock) {
        this.slots = slots;
        this.series = series;
        this.slotMillis = slotMillis;
        this.clock = clock;
        this.periods = new AtomicLongArray(slots);
        this.counts = new AtomicLongArray(slots * series);
        for (int i = 0; i < slots; i++) {
            periods.set(i, -1);
        }
    }

    /** Adds one to a series in the current slot. */
    public void increment(int seriesIndex) {
        long period = clock.getAsLong() / slotMillis;
        int slot = (int) (period % slots);
        if (periods.get(slot) != period) {
            roll(slot, period);
        }
        counts.incrementAndGet(slot * series + seriesIndex);
    }

    private synchronized void roll(int slot, long period) {
        // Another thread may have rolled it meanwhile; an older period (a thread stalled across a whole ring) only counts late.
        if (periods.get(slot) >= period) {
            return;
        }
        for (int i = 0; i < series; i++) {
            counts.set(slot * series + i, 0);
        }
        periods.set(slot, period);
    }

    /** The start (epoch ms) of the current slot. */
    public long currentSlotStart() {
        return clock.getAsLong() / slotMillis * slotMillis;
    }

    /**
     * The count of a series in the slot {@code ago} slots before the current one (0 = current), 0 when nothing was
     * counted in it.
     */
    public long count(int ago, int seriesIndex) {
        long period = clock.getAsLong() / slotMillis - ago;
        int slot = (int) (period % slots);
        return periods.get(slot) == period ? counts.get(slot * series + seriesIndex) : 0;
    }

    /** The sum of a series over the whole ring, the current slot included. */
    public long sum(int seriesIndex) {
        long sum = 0;
        for (int ago = 0; ago < slots; ago++) {
            sum += count(ago, seriesIndex);
        }
        return sum;
    }

    public int slots() {
        return slots;
    }

    public long slotMillis() {
        return slotMillis;
    }
}
