package io.webhookbridge.httptarget;

import java.time.Clock;
import java.util.Map;

import io.webhookbridge.dispatch.EndpointOptions;
import io.webhookbridge.dispatch.TargetUri;
import io.webhookbridge.event.EventHeaders;
import org.apache.camel.Exchange;
import org.apache.camel.Handler;

/**
 * Adds a target's credentials to each HTTP delivery (route {@code prepare-http-delivery}, after its header allowlist,
 * so no event header can carry them): the Standard Webhooks headers {@code webhook-id} (the event id, the same on every
 * retry and replay), {@code webhook-timestamp} (this attempt) and {@code webhook-signature} over the exact body sent,
 * and {@code Authorization}. Its TLS settings go on the target's endpoint as {@code sslContextParameters}.
 */
public final class HttpTargetCredentials implements EndpointOptions {

    /** Set by the delivery route: which target this delivery is for. */
    static final String TARGET_ID = "bridgeTargetId";
    static final String TLS_BEAN_PREFIX = "httpTargetTls-";

    private final Map<String, TargetCredentials> byTargetId;
    private final Clock clock;

    HttpTargetCredentials(Map<String, TargetCredentials> byTargetId, Clock clock) {
        this.byTargetId = Map.copyOf(byTargetId);
        this.clock = clock;
    }

    /** No target has credentials (the route check, which delivers nothing). */
    public static HttpTargetCredentials none() {
        return new HttpTargetCredentials(Map.of(), Clock.systemUTC());
    }

    Map<String, TargetCredentials> byTargetId() {
        return byTargetId;
    }

    @Handler
    public void apply(Exchange exchange) throws Exception {
        String targetId = exchange.getProperty(TARGET_ID, String.class);
        TargetCredentials credentials = targetId == null ? null : byTargetId.get(targetId);
        if (credentials == null) {
            return;
        }
        var message = exchange.getMessage();
        if (credentials.signing() != null) {
            String id = message.getHeader(EventHeaders.EVENT_ID, String.class);
            if (id == null || id.isEmpty()) {
                throw new IllegalStateException("an event without " + EventHeaders.EVENT_ID + " cannot be signed");
            }
            long timestamp = clock.instant().getEpochSecond();
            message.setHeader("webhook-id", id);
            message.setHeader("webhook-timestamp", Long.toString(timestamp));
            message.setHeader("webhook-signature", credentials.signing().sign(id, timestamp, message.getBody(byte[].class)));
        }
        if (credentials.authorization() != null) {
            message.setHeader("Authorization", credentials.authorization());
        }
    }

    @Override
    public String endpointUri(TargetUri target, String endpointUri) {
        TargetCredentials credentials = byTargetId.get(target.id());
        if (credentials == null || credentials.tls() == null) {
            return endpointUri;
        }
        return endpointUri + (endpointUri.contains("?") ? "&" : "?") + "sslContextParameters=#" + TLS_BEAN_PREFIX + target.id();
    }

    @Override
    public String toString() {
        return "HttpTargetCredentials[" + byTargetId.size() + " targets, values ******]";
    }
}
