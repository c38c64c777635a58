package io.webhookbridge.ordering;

/**
 * Thrown before an attempt whose message has an earlier event still waiting for its retry: the event goes back on its
 * queue, due at {@link #dueAt()}, without the attempt counting.
 */
public final class OrderHeldException extends Exception {

    private final long dueAt;

    OrderHeldException(long dueAt) {
        super("an earlier event of its message waits for its retry", null, false, false);
        this.dueAt = dueAt;
    }

    /** When the event should come back (epoch ms): just after the earlier event is due again. */
    public long dueAt() {
        return dueAt;
    }
}
