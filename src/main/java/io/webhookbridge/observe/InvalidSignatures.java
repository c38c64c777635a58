package io.webhookbridge.observe;

import java.util.LinkedHashMap;
import java.util.Map;

import io.webhookbridge.event.SafeText;
import org.apache.camel.Exchange;

/**
 * The last webhook refused for an invalid signature (bean {@code invalidSignatures}, a step of the ingress error
 * handling): when, at which endpoint, and the verifier's short reason, for the admin overview. A rotated secret shows
 * here first. One volatile holder, so a flood of forged requests costs no memory; the reason is the bridge's own
 * exception text (never token content), reduced to a few safe characters and 100 at most.
 */
public final class InvalidSignatures {

    private static final int MAX_REASON = 100;

    private record Last(long at, String endpoint, String reason) {
    }

    private volatile Last last;

    /** Records the refusal the exchange's caught exception describes. */
    public void refused(Exchange exchange) {
        Throwable caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String reason = caught == null || caught.getMessage() == null ? "invalid signature" : caught.getMessage();
        WebhookEndpoint endpoint = WebhookEndpoint.ofPath("/" + exchange.getMessage().getHeader("vonageKind", String.class));
        last = new Last(System.currentTimeMillis(), endpoint.label(),
                SafeText.replaceUnsafe(reason, " .,:_-", '_', false, MAX_REASON));
    }

    /** {@code {"at","endpoint","reason"}} of the last refusal, or null when there was none since start. */
    public Map<String, Object> last() {
        Last l = last;
        if (l == null) {
            return null;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("at", l.at());
        out.put("endpoint", l.endpoint());
        out.put("reason", l.reason());
        return out;
    }
}
