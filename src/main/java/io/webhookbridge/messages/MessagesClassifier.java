package io.webhookbridge.messages;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.time.Clock;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.webhookbridge.event.EventHeaders;
import io.webhookbridge.event.FieldRules;
import io.webhookbridge.event.InvalidPayloadException;
import io.webhookbridge.event.StatusRank;
import io.webhookbridge.event.StrictUtf8;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.Message;

/**
 * Reads a verified Messages API v1 payload and sets the classification headers routes and JMS selectors use:
 * kind, channel, message type or status, message uuid, received-at, plus the dedupe key. The body stays the
 * exact bytes Vonage sent (as a UTF-8 string); unknown fields and types pass through untouched.
 */
public final class MessagesClassifier implements Processor {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private final Clock clock;

    public MessagesClassifier(Clock clock) {
        this.clock = clock;
    }

    /** Runs as a route step ({@code process: ref: ...}): a plain processor, no bean-method binding per webhook. */
    @Override
    public void process(Exchange exchange) throws Exception {
        classify(exchange);
    }

    public void classify(Exchange exchange) throws InvalidPayloadException {
        Message message = exchange.getMessage();
        String kind = message.getHeader(EventHeaders.KIND, String.class);
        String text = decode(message.getBody(byte[].class));
        JsonNode json = parse(text);
        if (json.has("message") && json.get("message").isObject() || json.path("to").isObject()
                || json.path("from").isObject()) {
            throw new InvalidPayloadException("Messages API v0.1 payload: set the application's webhook version to v1");
        }
        String uuid = text(json, "message_uuid");
        if (uuid == null || uuid.isEmpty()) {
            throw new InvalidPayloadException("missing message_uuid");
        }
        if (!FieldRules.isId(uuid)) {
            throw new InvalidPayloadException("message_uuid is not a Vonage id");
        }
        String channel = word(json, "channel");
        if (channel == null) {
            throw new InvalidPayloadException("missing channel");
        }
        message.setHeader(EventHeaders.CHANNEL, channel);
        message.setHeader(EventHeaders.MESSAGE_UUID, uuid);
        String status = word(json, "status");
        String dedupeKey;
        if (EventHeaders.KIND_MESSAGE_STATUS.equals(kind)) {
            if (status == null) {
                throw new InvalidPayloadException("missing status");
            }
            message.setHeader(EventHeaders.STATUS, status);
            setOrRemove(message, StatusRank.RANK, StatusRank.ofMessageStatus(status));
            JsonNode timestamp = json.get("timestamp");
            // The status's own time; an odd one is left out, never a reason to refuse the status.
            setOrRemove(message, StatusRank.TIMESTAMP,
                    timestamp != null && timestamp.isTextual() ? StatusRank.messageTimestamp(timestamp.asText()) : null);
            dedupeKey = uuid + ":" + status;
        } else {
            // A status posted to the inbound URL would otherwise pass for an inbound message, and take its dedupe key.
            if (status != null) {
                throw new InvalidPayloadException("a message status sent to the inbound-message URL");
            }
            String messageType = word(json, "message_type");
            if (messageType != null) {
                message.setHeader(EventHeaders.MESSAGE_TYPE, messageType);
            }
            dedupeKey = uuid;
        }
        message.setHeader(EventHeaders.RECEIVED_AT, clock.instant().toString());
        message.setHeader(EventHeaders.DEDUPE_KEY, kind + ":" + dedupeKey);
        message.setHeader(EventHeaders.EVENT_ID, EventHeaders.eventId(kind, dedupeKey));
        // Decoded strictly, so this text encodes back to exactly the bytes Vonage signed.
        message.setBody(text);
    }

    private static void setOrRemove(Message message, String name, Object value) {
        if (value == null) {
            message.removeHeader(name);
        } else {
            message.setHeader(name, value);
        }
    }

    private static String decode(byte[] body) throws InvalidPayloadException {
        if (body == null || body.length == 0) {
            throw new InvalidPayloadException("empty body");
        }
        try {
            return StrictUtf8.decode(body);
        } catch (CharacterCodingException e) {
            throw new InvalidPayloadException("body is not valid UTF-8");
        }
    }

    private static JsonNode parse(String text) throws InvalidPayloadException {
        JsonNode json;
        try {
            json = MAPPER.readTree(text);
        } catch (IOException e) {
            throw new InvalidPayloadException("body is not valid JSON");
        }
        if (json == null || !json.isObject()) {
            throw new InvalidPayloadException("body is not a JSON object");
        }
        return json;
    }

    /** A channel, status or message type: a short word, or null when absent or empty. */
    private static String word(JsonNode json, String field) throws InvalidPayloadException {
        String value = text(json, field);
        if (value == null || value.isEmpty()) {
            return null;
        }
        if (!FieldRules.isWord(value)) {
            throw new InvalidPayloadException(field + " is not a Vonage value (1-" + FieldRules.MAX_WORD
                    + " letters, digits, '-', '_', '.')");
        }
        return value;
    }

    private static String text(JsonNode json, String field) throws InvalidPayloadException {
        JsonNode node = json.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw new InvalidPayloadException(field + " is not a string");
        }
        return node.asText();
    }
}
