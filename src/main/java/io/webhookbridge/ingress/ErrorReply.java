package io.webhookbridge.ingress;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import org.apache.camel.Handler;

/**
 * Every error body the bridge answers, {@code {"error":"<code>","reason":"<why>"}} on one line, built with Jackson so
 * that a reason can never break the JSON: the HTTP engine's own refusals ({@link Refusal}) and, as bean
 * {@code errorReply}, the failures the routes map. For a route the code comes from header {@code bridgeError}, the
 * reason from header {@code bridgeReason} or the caught exception (the bridge's own exceptions carry short reasons
 * without payload data). Headers such as {@code Retry-After} are not set here: {@link AnswerWriter} adds them.
 */
public final class ErrorReply {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int MAX_REASON_CHARS = 300;

    /** The error body for a code and an optional reason (cut to 300 characters). */
    public static String json(String error, String reason) {
        ObjectNode json = MAPPER.createObjectNode();
        json.put("error", error);
        if (reason != null) {
            json.put("reason", reason.length() > MAX_REASON_CHARS ? reason.substring(0, MAX_REASON_CHARS) : reason);
        }
        try {
            return MAPPER.writeValueAsString(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of two strings always serialises", e);
        }
    }

    @Handler
    public void reply(Exchange exchange) {
        Exception caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String reason = exchange.getMessage().getHeader("bridgeReason", String.class);
        if (reason == null && caught != null) {
            reason = caught.getMessage();
        }
        exchange.getMessage().setBody(json(exchange.getMessage().getHeader("bridgeError", "internal_error", String.class), reason));
    }
}
