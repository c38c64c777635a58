package io.webhookbridge.observe;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The rings behind the overview and the target rates: slots roll with the clock, and old counts leave the window. */
class RecentCountsTest {

    @Test
    void countsStayInTheirSlotAndLeaveTheWindowWhenTheRingComesRound() {
        AtomicLong now = new AtomicLong(1_000_000_000_000L);
        RecentCounts counts = new RecentCounts(60, 60_000, 3, now::get);
        counts.increment(0);
        counts.increment(0);
        counts.increment(2);
        now.addAndGet(60_000);
        counts.increment(0);
        assertEquals(1, counts.count(0, 0));
        assertEquals(2, counts.count(1, 0));
        assertEquals(1, counts.count(1, 2));
        assertEquals(3, counts.sum(0));

        // 59 minutes later the first minute is the oldest in the window; one more and it is gone, not counted again.
        now.addAndGet(58 * 60_000L);
        assertEquals(3, counts.sum(0));
        now.addAndGet(60_000);
        assertEquals(1, counts.sum(0));
        counts.increment(0);
        assertEquals(1, counts.count(0, 0), "the reused slot starts from zero");
        assertEquals(2, counts.sum(0));
        assertEquals(0, counts.sum(2));
        assertEquals(now.get() / 60_000 * 60_000, counts.currentSlotStart());
    }

    @Test
    void theAckP99IsTheBucketOfThe99thPercentileAndNullWhenNothingWasAnswered() {
        AtomicLong now = new AtomicLong(1_000_000_000_000L);
        AckLatencyWindow window = new AckLatencyWindow(new RecentCounts(AckLatencyWindow.MINUTES, 60_000, 164, now::get));
        assertNull(window.p99Millis());
        for (int i = 0; i < 990; i++) {
            window.record(2_000_000);
        }
        for (int i = 0; i < 10; i++) {
            window.record(800_000_000);
        }
        // 99 % at 2 ms, in the bucket from 1792 to 2048 µs: its upper bound.
        assertEquals(2.048, window.p99Millis(), 1e-9);
        window.record(800_000_000);
        assertEquals(800, window.p99Millis(), 800 * 0.25);
        now.addAndGet(5 * 60_000L);
        assertNull(window.p99Millis(), "nothing answered in the last 5 minutes");
    }
}
