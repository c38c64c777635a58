package io.webhookbridge.ingress;

import java.util.Iterator;
import java.util.LinkedHashSet;

/**
 * The connections that have no request being answered: new ones, idle kept-alive ones, and those still receiving a
 * request. Each of them may hold a partly read request in Netty's direct memory, which the JVM bounds: without a cap,
 * enough connections trickling headers exhaust it and stall the event loop. Past the cap the connection that has
 * waited longest is closed, not the new one, so a flood has to beat a genuine request's few milliseconds of receiving
 * to push it out, and cannot simply fill the server and keep Vonage away.
 */
final class PendingConnections {

    private final int max;
    private final LinkedHashSet<ReceiveDeadline> waiting = new LinkedHashSet<>();

    PendingConnections(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("bridge.http.max-pending-connections must be at least 1: " + max);
        }
        this.max = max;
    }

    /** Counts a connection as pending (keeping its place if it already is); closes the longest-waiting one past the cap. */
    void pending(ReceiveDeadline connection) {
        ReceiveDeadline evicted = null;
        synchronized (waiting) {
            if (waiting.add(connection) && waiting.size() > max) {
                Iterator<ReceiveDeadline> oldest = waiting.iterator();
                evicted = oldest.next();
                oldest.remove();
            }
        }
        if (evicted != null) {
            evicted.evict();
        }
    }

    void notPending(ReceiveDeadline connection) {
        synchronized (waiting) {
            waiting.remove(connection);
        }
    }

    int size() {
        synchronized (waiting) {
            return waiting.size();
        }
    }
}
