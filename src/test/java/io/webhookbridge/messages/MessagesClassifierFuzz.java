package io.webhookbridge.messages;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.webhookbridge.FuzzChecks;
import io.webhookbridge.event.EventHeaders;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;

/**
 * Fuzzes {@link MessagesClassifier#classify}: the JSON of a Messages API webhook, on an exchange set up as the
 * ingress route sets it (vonageKind, body as byte[]). It runs after the JWT check in the bridge, but it is where the
 * body's bytes are parsed, and what it accepts is stored and forwarded.
 * <p>
 * Input: first byte {@code S} for a message-status webhook, anything else for inbound-message; the rest is the body.
 * Expected: classification headers, or {@code InvalidPayloadException} quoting nothing of the body. On success the
 * body handed on re-encodes to exactly the bytes received (it is forwarded "byte for byte" and payload_hash binds
 * the token to those bytes), and the event id is file-name safe.
 */
public final class MessagesClassifierFuzz {

    private MessagesClassifierFuzz() {
    }


    static final ObjectMapper JSON = new ObjectMapper();
    static final CamelContext CONTEXT = started();
    static final MessagesClassifier CLASSIFIER =
            new MessagesClassifier(Clock.fixed(Instant.parse("2025-03-14T09:27:54Z"), ZoneOffset.UTC));

    static CamelContext started() {
        CamelContext context = new DefaultCamelContext();
        context.start();
        return context;
    }

    /** One input; run by {@link io.webhookbridge.WebhookInputsFuzzTest}. */
    public static void classify(byte[] data) throws Exception {
        if (data.length == 0) {
            return;
        }
        String kind = data[0] == 'S' ? EventHeaders.KIND_MESSAGE_STATUS : EventHeaders.KIND_INBOUND_MESSAGE;
        byte[] body = Arrays.copyOfRange(data, 1, data.length);
        Exchange exchange = new DefaultExchange(CONTEXT);
        Message in = exchange.getMessage();
        in.setHeader(EventHeaders.KIND, kind);
        in.setHeader(Exchange.CONTENT_TYPE, "application/json");
        in.setBody(body);
        try {
            CLASSIFIER.classify(exchange);
        } catch (Exception e) {
            FuzzChecks.expectRefusal(e, body);
            return;
        }
        Object out = in.getBody();
        if (!(out instanceof String text) || !Arrays.equals(text.getBytes(StandardCharsets.UTF_8), body)) {
            throw new AssertionError("the accepted body does not re-encode to the bytes received");
        }
        // Consumers read the event as text (a JMS TextMessage, a UTF-8 file): that text must itself be a JSON object.
        if (!JSON.readTree(text).isObject()) {
            throw new AssertionError("the accepted body read as UTF-8 text is not a JSON object");
        }
        String uuid = in.getHeader(EventHeaders.MESSAGE_UUID, String.class);
        if (uuid == null || uuid.isEmpty() || in.getHeader(EventHeaders.CHANNEL) == null) {
            throw new AssertionError("accepted without message_uuid or channel");
        }
        if (kind.equals(EventHeaders.KIND_MESSAGE_STATUS) && in.getHeader(EventHeaders.STATUS) == null) {
            throw new AssertionError("a status accepted without status");
        }
        String dedupeKey = in.getHeader(EventHeaders.DEDUPE_KEY, String.class);
        if (dedupeKey == null || !dedupeKey.startsWith(kind + ":" + uuid)) {
            throw new AssertionError("dedupe key does not start with kind and message_uuid");
        }
        FuzzChecks.checkEventId(in.getHeader(EventHeaders.EVENT_ID, String.class));
    }
}
