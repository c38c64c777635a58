package io.webhookbridge.ingress;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import org.apache.camel.Handler;

/**
 * The one-line JSON answer for a refused webhook, {@code {"error":"<code>","reason":"<why>"}}, built with
 * Jackson so that a reason can never break the JSON. The code comes from header {@code bridgeError}, the reason
 * from the caught exception (the bridge's own exceptions carry short reasons without payload data).
 */
public final class ErrorReply {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Handler
    public void reply(Exchange exchange) throws Exception {
        Exception caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        ObjectNode json = MAPPER.createObjectNode();
        json.put("error", exchange.getMessage().getHeader("bridgeError", "internal_error", String.class));
        String reason = exchange.getMessage().getHeader("bridgeReason", String.class);
        if (reason == null && caught != null && caught.getMessage() != null) {
            reason = caught.getMessage();
        }
        if (reason != null) {
            json.put("reason", reason.length() > 300 ? reason.substring(0, 300) : reason);
        }
        exchange.getMessage().setBody(MAPPER.writeValueAsString(json));
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
    }
}
