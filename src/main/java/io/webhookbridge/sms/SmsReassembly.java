package io.webhookbridge.sms;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.webhookbridge.event.EventHeaders;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * Joins the parts of a long inbound SMS (the SMS API sends each part as its own webhook, in any order, maybe
 * more than once) for Camel's aggregator. The aggregate's body holds every distinct part received so far, keyed
 * by part number, so a repeated part counts once; it is complete when every part from 1 to concat-total is in.
 * {@link #toEvent} then builds the one inbound-sms event: the first part's fields, the text of all parts in
 * order, and the messageIds of all parts.
 */
public final class SmsReassembly implements AggregationStrategy {

    public static final String CONCAT_PARTS = "vonageConcatParts";
    public static final String CONCAT_COMPLETE = "vonageConcatComplete";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<TreeMap<Integer, LinkedHashMap<String, String>>> PARTS = new TypeReference<>() {
    };

    @Override
    public Exchange aggregate(Exchange collected, Exchange part) {
        TreeMap<Integer, LinkedHashMap<String, String>> parts = collected == null ? new TreeMap<>() : parts(collected);
        Integer number = part.getMessage().getHeader(SmsClassifier.CONCAT_PART, Integer.class);
        parts.putIfAbsent(number, params(part.getMessage().getBody(String.class)));
        Exchange target = collected == null ? part : collected;
        target.getMessage().setBody(write(parts));
        return target;
    }

    /** Completion predicate: every part from 1 to concat-total has arrived. */
    public boolean isComplete(Exchange aggregate) {
        Integer total = aggregate.getMessage().getHeader(SmsClassifier.CONCAT_TOTAL, Integer.class);
        return total != null && parts(aggregate).size() >= total;
    }

    /** Turns the collected parts into the reassembled inbound-sms event, complete or not. */
    public void toEvent(Exchange exchange) {
        Message message = exchange.getMessage();
        TreeMap<Integer, LinkedHashMap<String, String>> parts = parts(exchange);
        int total = message.getHeader(SmsClassifier.CONCAT_TOTAL, Integer.class);
        boolean complete = parts.size() >= total;

        LinkedHashMap<String, String> first = parts.firstEntry().getValue();
        ObjectNode event = JSON.createObjectNode();
        StringBuilder text = new StringBuilder();
        ArrayNode messageIds = JSON.createArrayNode();
        for (Map.Entry<Integer, LinkedHashMap<String, String>> part : parts.entrySet()) {
            String partText = part.getValue().get("text");
            text.append(partText == null ? "" : partText);
            messageIds.add(part.getValue().get("messageId"));
        }
        for (Map.Entry<String, String> field : first.entrySet()) {
            switch (field.getKey()) {
                // Per-part values that no longer describe the joined message; each part's own are in "parts".
                case "concat-part", "sig", "nonce", "timestamp" -> {
                }
                case "text" -> event.put("text", text.toString());
                default -> event.put(field.getKey(), field.getValue());
            }
        }
        if (!first.containsKey("text")) {
            event.put("text", text.toString());
        }
        event.set("messageIds", messageIds);
        // The parts as received, so that a consumer can still re-verify each part's signature.
        ArrayNode received = event.putArray("parts");
        parts.values().forEach(p -> received.add(JSON.valueToTree(p)));

        List<String> ids = new ArrayList<>();
        messageIds.forEach(id -> ids.add(id.asText()));
        String firstId = ids.get(0);
        message.setBody(write(event));
        message.setHeader(EventHeaders.MESSAGE_ID, firstId);
        message.setHeader(CONCAT_PARTS, parts.size());
        message.setHeader(CONCAT_COMPLETE, complete);
        message.removeHeader(SmsClassifier.CONCAT_PART);
        // The same set of parts always yields the same id, so a re-sent aggregate is dropped as a duplicate.
        String dedupeKey = EventHeaders.KIND_INBOUND_SMS + ":concat:" + String.join("+", ids);
        message.setHeader(EventHeaders.DEDUPE_KEY, dedupeKey);
        message.setHeader(EventHeaders.DUPLICATE_ID, dedupeKey);
        // "<kind>." starts no other event id (those are "<kind>-..." or "unverified."), so no single SMS can take it;
        // the part's messageId is a checked id, safe in a file name.
        message.setHeader(EventHeaders.EVENT_ID, EventHeaders.KIND_INBOUND_SMS + ".concat-" + firstId
                + (complete ? "" : "-incomplete"));
    }

    private static TreeMap<Integer, LinkedHashMap<String, String>> parts(Exchange exchange) {
        try {
            return JSON.readValue(exchange.getMessage().getBody(String.class), PARTS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable SMS parts aggregate", e);
        }
    }

    private static LinkedHashMap<String, String> params(String json) {
        try {
            return JSON.readValue(json, new TypeReference<LinkedHashMap<String, String>>() {
            });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable SMS part", e);
        }
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
