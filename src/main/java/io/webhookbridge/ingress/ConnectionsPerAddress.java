package io.webhookbridge.ingress;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Open connections per source address, with a cap: one address (a botnet node, or a scanner) cannot take all the
 * connections the process can hold. An address leaves the map when its last connection closes, so the map holds
 * only addresses that have connections open now.
 */
final class ConnectionsPerAddress {

    private final int max;
    private final ConcurrentHashMap<InetAddress, Integer> open = new ConcurrentHashMap<>();

    ConnectionsPerAddress(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("bridge.http.max-connections-per-address must be at least 1: " + max);
        }
        this.max = max;
    }

    /** Counts a new connection from the address, or refuses it (false) when the address already has the maximum. */
    boolean tryOpen(InetAddress address) {
        boolean[] admitted = new boolean[1];
        open.compute(address, (a, count) -> {
            int n = count == null ? 0 : count;
            if (n >= max) {
                return count;
            }
            admitted[0] = true;
            return n + 1;
        });
        return admitted[0];
    }

    /** For a connection {@link #tryOpen} admitted, once it has closed. */
    void closed(InetAddress address) {
        open.computeIfPresent(address, (a, count) -> count <= 1 ? null : count - 1);
    }

    int max() {
        return max;
    }

    /** Addresses with at least one open connection. */
    int addresses() {
        return open.size();
    }
}
