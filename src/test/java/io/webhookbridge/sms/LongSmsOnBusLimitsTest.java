package io.webhookbridge.sms;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.webhookbridge.BridgeRunner;
import io.webhookbridge.bus.StandaloneArtemis;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The joiner on the bus keeps the limits of local reassembly: a set still missing parts after the timeout is forwarded
 * as it is, marked incomplete, and an instance holds at most bridge.sms.max-pending-sets sets.
 */
class LongSmsOnBusLimitsTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    BridgeRunner bridge(StandaloneArtemis bus, String name) throws Exception {
        return new BridgeRunner(work.resolve(name))
                .property("bridge.bus.url", bus.url())
                .property("bridge.bus.user", bus.user)
                .property("bridge.bus.password", bus.password)
                .property("bridge.bus.retry-interval-ms", "200")
                .property("bridge.bus.max-retry-interval-ms", "1000")
                .property("bridge.target.inbound", "jms:queue:sms.joined");
    }

    @Test
    void aSetIsForwardedIncompleteAfterTheTimeoutOrWhenTooManySetsWait() throws Exception {
        try (StandaloneArtemis bus = new StandaloneArtemis(work).start()) {
            try (BridgeRunner bridge = bridge(bus, "bounded").property("bridge.sms.max-pending-sets", "1").start()) {
                post(bridge, part("x", 1, 2, "x1 "));
                post(bridge, part("y", 1, 2, "y1 "));
                // Long before the 600 s timeout: the second set to reach the joiner (dispatch runs in parallel, so
                // either) pushed the first one out, as it was.
                Message pushedOut = next(bus);
                assertFalse(pushedOut.getBooleanProperty("vonageConcatComplete"));
                String first = text(pushedOut);
                assertTrue(first.equals("x1 ") || first.equals("y1 "), first);
                String held = first.equals("x1 ") ? "y" : "x";
                post(bridge, part(held, 2, 2, held + "2"));
                Message joined = next(bus);
                assertTrue(joined.getBooleanProperty("vonageConcatComplete"));
                assertEquals(held + "1 " + held + "2", text(joined));
            }
            try (BridgeRunner bridge = bridge(bus, "timeout").property("bridge.sms.reassemble-timeout", "2").start()) {
                post(bridge, part("z", 1, 3, "z1 "));
                post(bridge, part("z", 3, 3, "z3"));
                Message z = next(bus);
                assertFalse(z.getBooleanProperty("vonageConcatComplete"));
                assertEquals(2, z.getIntProperty("vonageConcatParts"));
                assertEquals("z1 z3", text(z));
            }
        }
    }

    private static Message next(StandaloneArtemis bus) {
        List<Message> arrived = new ArrayList<>();
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            arrived.addAll(bus.drain("sms.joined"));
            return !arrived.isEmpty();
        });
        assertEquals(1, arrived.size());
        return arrived.get(0);
    }

    private static String text(Message m) throws Exception {
        return JSON.readTree(((TextMessage) m).getText()).get("text").asText();
    }

    private static void post(BridgeRunner bridge, LinkedHashMap<String, String> part) throws Exception {
        assertEquals(200, SmsWebhookTest.form(bridge, "/webhooks/inbound-sms", SmsTestSigning.signed("md5hash", part)).statusCode());
    }

    private static LinkedHashMap<String, String> part(String ref, int part, int total, String text) {
        return LongSmsParts.part("447700900123", "L" + ref + part, ref, part, total, text);
    }
}
