package io.webhookbridge.sms;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.UUID;

/** One part of a long inbound SMS as the SMS API sends it (unsigned), for the tests that join them. */
final class LongSmsParts {

    private LongSmsParts() {
    }

    static LinkedHashMap<String, String> part(String msisdn, String messageId, String ref, int part, int total,
            String text) {
        LinkedHashMap<String, String> p = new LinkedHashMap<>();
        p.put("msisdn", msisdn);
        p.put("to", "447700900456");
        p.put("messageId", messageId);
        p.put("text", text);
        p.put("type", "text");
        p.put("api-key", "a1b2c3d4");
        p.put("message-timestamp", "2025-03-14 09:26:53");
        p.put("concat", "true");
        p.put("concat-ref", ref);
        p.put("concat-total", String.valueOf(total));
        p.put("concat-part", String.valueOf(part));
        p.put("timestamp", String.valueOf(Instant.now().getEpochSecond()));
        p.put("nonce", UUID.randomUUID().toString());
        return p;
    }
}
