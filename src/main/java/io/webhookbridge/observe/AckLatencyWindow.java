package io.webhookbridge.observe;

/**
 * The ack latencies of the last 5 minutes as a histogram of fixed log-scale buckets (four per power of two of
 * microseconds, so a bucket is at most 25 % wide), for the overview's p99: the registry's ack latency histogram
 * counts since start, which says nothing about the last minutes. Recording allocates nothing.
 */
public final class AckLatencyWindow {

    static final int MINUTES = 5;
    /** Powers of two of microseconds covered: up to about 2^40 µs, far past the 10 s request timeout. */
    private static final int MAX_EXPONENT = 40;
    private static final int BUCKETS = 4 * (MAX_EXPONENT + 1);

    private final RecentCounts counts;

    public AckLatencyWindow() {
        this(new RecentCounts(MINUTES, 60_000, BUCKETS));
    }

    AckLatencyWindow(RecentCounts counts) {
        this.counts = counts;
    }

    public void record(long nanos) {
        counts.increment(bucket(nanos / 1000));
    }

    /** The 99th percentile of the last 5 minutes in milliseconds (a bucket's upper bound), null when none was recorded. */
    public Double p99Millis() {
        long[] perBucket = new long[BUCKETS];
        long total = 0;
        for (int b = 0; b < BUCKETS; b++) {
            perBucket[b] = counts.sum(b);
            total += perBucket[b];
        }
        if (total == 0) {
            return null;
        }
        long rank = (long) Math.ceil(total * 0.99);
        long seen = 0;
        for (int b = 0; b < BUCKETS; b++) {
            seen += perBucket[b];
            if (seen >= rank) {
                return upperBoundMicros(b) / 1000.0;
            }
        }
        return upperBoundMicros(BUCKETS - 1) / 1000.0;
    }

    static int bucket(long micros) {
        if (micros < 1) {
            return 0;
        }
        int exponent = 63 - Long.numberOfLeadingZeros(micros);
        if (exponent > MAX_EXPONENT) {
            return BUCKETS - 1;
        }
        // The two bits after the leading one: which quarter of [2^e, 2^(e+1)) the value is in.
        int quarter = exponent >= 2 ? (int) (micros >>> (exponent - 2)) & 3 : (int) (micros << (2 - exponent)) & 3;
        return 4 * exponent + quarter;
    }

    static double upperBoundMicros(int bucket) {
        int exponent = bucket / 4;
        int quarter = bucket % 4;
        return Math.scalb(1.0, exponent) * (5 + quarter) / 4.0;
    }
}
