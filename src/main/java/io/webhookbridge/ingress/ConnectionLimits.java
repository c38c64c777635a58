package io.webhookbridge.ingress;

import io.webhookbridge.signature.AddressRanges;

/**
 * What the webhook server allows a connection, so that slow or hostile senders cannot starve Vonage's webhooks.
 *
 * @param receiveTimeoutMillis time a connection has to deliver a whole request, headers and body
 * @param idleTimeoutMillis time an answered connection may wait for its next request's headers
 * @param maxBufferedBytes request-body bytes held in memory across all connections
 * @param maxConnectionsPerAddress open connections from one TCP peer address
 * @param maxPendingConnections connections without a request being answered (new, idle, or receiving), all addresses
 * @param h2c whether cleartext HTTP/2 (prior knowledge or {@code Upgrade: h2c}) is served
 * @param trustedProxies peers whose {@code X-Forwarded-For} names the client address
 */
public record ConnectionLimits(long receiveTimeoutMillis, long idleTimeoutMillis, long maxBufferedBytes,
        int maxConnectionsPerAddress, int maxPendingConnections,
        boolean h2c, AddressRanges trustedProxies) {

    public ConnectionLimits {
        if (receiveTimeoutMillis < 1) {
            throw new IllegalArgumentException(
                    "bridge.http.receive-timeout-ms must be at least 1: " + receiveTimeoutMillis);
        }
        if (idleTimeoutMillis < 1) {
            throw new IllegalArgumentException("bridge.http.idle-timeout-ms must be at least 1: " + idleTimeoutMillis);
        }
        if (trustedProxies == null) {
            trustedProxies = AddressRanges.parse("");
        }
    }
}
