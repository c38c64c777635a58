package io.webhookbridge.ingress;

import java.net.InetAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs breaches of the connection limits: at most one WARN line per kind of breach a minute, which says how many
 * more there were since the previous one; every breach at DEBUG. A flood of hostile connections must not flood the
 * log. Lines name only the TCP peer's address, never text taken from a request.
 */
final class BreachLog {

    enum Breach {
        CONNECTIONS_PER_ADDRESS("Closed a new connection from {} at once: that address already has"
                + " bridge.http.max-connections-per-address connections open"),
        RECEIVE_TIMEOUT("Closed a connection from {} that did not deliver a whole request within"
                + " bridge.http.receive-timeout-ms"),
        BUFFERED_BYTES("Refused a request body with 503 (this one from {}, which need not be the sender holding the"
                + " bytes): the request bodies being received on all connections reached bridge.http.max-buffered-bytes"),
        TRANSFER_ENCODING("Refused a request from {} with 400 and closed its connection: a Transfer-Encoding other"
                + " than chunked could make a proxy in front and this server read the body differently"),
        PENDING_CONNECTIONS("Closed the longest-waiting connection without a request in progress (from {}): the"
                + " connections waiting for a request reached bridge.http.max-pending-connections");

        private final String message;

        Breach(String message) {
            this.message = message;
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(WebhookHttpEngine.class);
    private static final long INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

    /** Per kind: when the next WARN may be written (0: at once), and breaches since the last WARN. */
    private final AtomicLongArray nextWarning = new AtomicLongArray(Breach.values().length);
    private final AtomicLongArray unreported = new AtomicLongArray(Breach.values().length);

    void report(Breach breach, InetAddress peer) {
        String address = peer == null ? "an unknown address" : peer.getHostAddress();
        int kind = breach.ordinal();
        long now = System.nanoTime();
        long next = nextWarning.get(kind);
        if ((next == 0 || now - next >= 0) && nextWarning.compareAndSet(kind, next, (now + INTERVAL_NANOS) | 1)) {
            // (| 1: never 0, which means "at once")
            LOG.warn(breach.message + " ({} more since the previous warning)", address, unreported.getAndSet(kind, 0));
        } else {
            unreported.incrementAndGet(kind);
            LOG.debug(breach.message, address);
        }
    }
}
