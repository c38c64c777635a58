package io.webhookbridge.ingress;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The request-body bytes held in memory across all connections, with a bound: however many connections send
 * partial bodies, together they cannot hold more heap than this. A body's bytes are reserved as its chunks arrive
 * and released when it is complete or abandoned.
 */
final class BufferedBytes {

    private final long max;
    private final AtomicLong used = new AtomicLong();

    BufferedBytes(long max) {
        if (max < 1) {
            throw new IllegalArgumentException("bridge.http.max-buffered-bytes must be at least 1: " + max);
        }
        this.max = max;
    }

    /** Reserves the bytes, or reserves nothing and answers false when they would take the total over the bound. */
    boolean tryReserve(long bytes) {
        long current;
        do {
            current = used.get();
            if (current + bytes > max) {
                return false;
            }
        } while (!used.compareAndSet(current, current + bytes));
        return true;
    }

    void release(long bytes) {
        used.addAndGet(-bytes);
    }

    long used() {
        return used.get();
    }
}
